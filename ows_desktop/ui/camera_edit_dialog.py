"""Create, edit or confirm deleting one camera: name, live URL, playback template and password (the password
goes to the keyring through the repository, never to the database). Checked with the store's camera rules
before saving; a refusal is shown in the dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ows_desktop.store.cameras import (
    Camera,
    CameraRepository,
    CameraSpec,
    MappingError,
    check_camera_spec,
    new_camera_id,
)
from ows_desktop.tasks.store_ops import StoreOps
from ows_desktop.ui.dialog_title import fit_title
from ows_desktop.ui.store_away import not_saved_line


class CameraEditDialog(QDialog):
    """Name, live URL, playback template and password of one camera (new or existing)."""

    def __init__(
        self,
        repository: CameraRepository,
        ops: StoreOps,
        camera: Camera | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("cameraEditDialog")
        self.setWindowTitle(self.tr("Edit camera") if camera else self.tr("New camera"))
        self._repo = repository
        self._ops = ops
        self._camera = camera
        # a new camera's id, chosen by this dialog's first save and kept for the next: saved again after it
        # perhaps landed (the connection dropped), it is refused as an id in use, never made a second time
        self._new_id: dict[str, str] = {}
        self.result_camera: Camera | None = None
        self.name = QLineEdit(camera.name if camera else "", self)
        self.name.setObjectName("cameraName")
        self.url = QLineEdit(camera.url if camera else "", self)
        self.url.setObjectName("cameraUrl")
        self.url.setPlaceholderText(
            self.tr("rtsp://camera.local/stream1  ·  http://  ·  https://  ·  file://")
        )
        self.playback = QLineEdit((camera.playback_url or "") if camera else "", self)
        self.playback.setObjectName("cameraPlaybackUrl")
        self.playback.setPlaceholderText(self.tr("optional: http://nvr/play/1?start={start}&end={end}"))
        self.playback.setToolTip(
            self.tr(
                "Recorded video by time. {start} and {end} become the wanted window:\n{start} ISO 8601 UTC · {start:epoch} seconds · {start:epoch_ms} milliseconds ·\n{start:%Y%m%dT%H%M%SZ} any strftime form (UTC)"
            )
        )
        self.password = QLineEdit(self)
        self.password.setObjectName("cameraPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("stored in the keyring")
            if camera and camera.has_password
            else self.tr("optional; kept in the OS keyring")
        )
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # may show server/ticket/file text
        self.error.setObjectName("cameraError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Live URL"), self.url)
        form.addRow(self.tr("Playback URL"), self.playback)
        form.addRow(self.tr("Password"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for edit in (self.name, self.url, self.playback):
            edit.textChanged.connect(self._validate)
        fit_title(self, 560)
        self._validate()

    def _spec(self) -> CameraSpec:
        return CameraSpec(
            self._camera.id if self._camera else "new-camera",
            self.name.text(),
            self.url.text(),
            self.playback.text().strip() or None,
        )

    def _validate(self) -> bool:
        try:
            check_camera_spec(self._spec())
        except MappingError as exc:
            message = str(exc).split(": ", 1)[-1]
            self.error.setText(message[:1].upper() + message[1:] + ".")
            self.save_button.setEnabled(False)
            return False
        self.error.setText("")
        self.save_button.setEnabled(True)
        return True

    @Slot()
    def save(self) -> None:
        if not self._validate():
            return
        spec, repo, existing, password = self._spec(), self._repo, self._camera, self.password.text()
        chosen = self._new_id

        def write() -> Camera:  # off the GUI thread: the store's lock and a keyring prompt may take a while
            if existing is None:
                if "id" not in chosen:
                    chosen["id"] = new_camera_id(spec.name, [c.id for c in repo.cameras()])
                camera = repo.add_camera(spec.name, spec.url, spec.playback_url, camera_id=chosen["id"])
            else:
                camera = repo.update_camera(
                    existing.id, name=spec.name, url=spec.url, playback_url=spec.playback_url
                )
            if password:
                repo.set_password(camera.id, password)
                camera = repo.camera(camera.id) or camera
            return camera

        self.save_button.setEnabled(False)
        self._ops.run(
            write,
            owner=self,
            succeeded=self._on_saved,
            failed=self._on_failed,
            what=self.tr("the camera “{name}”").format(name=spec.name),
            about=f"camera:{existing.id}" if existing else f"camera-new:{spec}",  # not another one's change
            unreached=lambda missed: self._on_failed(not_saved_line(missed)),  # kept open, filled
        )

    def _on_saved(self, camera: Camera) -> None:
        self.result_camera = camera
        self.accept()

    def _on_failed(self, message: str) -> None:
        """A MappingError, a keyring refusal, a store failure: say it, keep the dialog."""
        self.error.setText(message)
        self.save_button.setEnabled(True)


def confirm_delete_camera(camera: Camera, parent: QWidget) -> bool:
    """Ask before deleting ``camera``: it is removed from every terminal it is mapped to."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("camera_edit_dialog", "Delete camera"),
        QCoreApplication.translate(
            "camera_edit_dialog",
            "Delete the camera “{name}”? It is removed from every terminal it is mapped to.",
        ).format(name=camera.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name comes from a mapping file
    return box.exec() == QMessageBox.StandardButton.Yes
