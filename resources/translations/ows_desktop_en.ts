<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AddToCaseDialog</name>
    <message numerus="yes">
        <source>Add %Ln ticket(s) to:</source>
        <translation>
            <numerusform>Add %Ln ticket to:</numerusform>
            <numerusform>Add %Ln tickets to:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BrokenAuditQuestion</name>
    <message numerus="yes">
        <source>The audit trail of %Ln ticket(s) failed its integrity check: {tickets}. These entries were changed or removed outside OWS Desktop, so the notes and history they hold may not be what was written.

Export marked: the export says so on the PDF&apos;s cover and on each affected exhibit, in the CSV or JSON and in export.json. Cancel: nothing is exported.</source>
        <translation>
            <numerusform>The audit trail of %Ln ticket failed its integrity check: {tickets}. These entries were changed or removed outside OWS Desktop, so the notes and history they hold may not be what was written.

Export marked: the export says so on the PDF&apos;s cover and on each affected exhibit, in the CSV or JSON and in export.json. Cancel: nothing is exported.</numerusform>
            <numerusform>The audit trail of %Ln tickets failed its integrity check: {tickets}. These entries were changed or removed outside OWS Desktop, so the notes and history they hold may not be what was written.

Export marked: the export says so on the PDF&apos;s cover and on each affected exhibit, in the CSV or JSON and in export.json. Cancel: nothing is exported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message numerus="yes">
        <source>New case {number}: it holds %Ln ticket(s).</source>
        <translation>
            <numerusform>New case {number}: it holds %Ln ticket.</numerusform>
            <numerusform>New case {number}: it holds %Ln tickets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added to case {number}: it holds %Ln ticket(s) now.</source>
        <translation>
            <numerusform>Added to case {number}: it holds %Ln ticket now.</numerusform>
            <numerusform>Added to case {number}: it holds %Ln tickets now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln ticket(s) from case {number}</source>
        <translation>
            <numerusform>Removed %Ln ticket from case {number}</numerusform>
            <numerusform>Removed %Ln tickets from case {number}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CaseTickets</name>
    <message numerus="yes">
        <source>%Ln ticket(s) selected: click one to see its receipt and video here.</source>
        <translation>
            <numerusform>%Ln ticket selected: click one to see its receipt and video here.</numerusform>
            <numerusform>%Ln tickets selected: click one to see its receipt and video here.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln receipt(s)</source>
        <translation>
            <numerusform>%Ln receipt</numerusform>
            <numerusform>%Ln receipts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s)</source>
        <translation>
            <numerusform>%Ln ticket</numerusform>
            <numerusform>%Ln tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation>
            <numerusform>%Ln new</numerusform>
            <numerusform>%Ln new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln page(s)</source>
        <translation>
            <numerusform>%Ln page</numerusform>
            <numerusform>%Ln pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln retry(-ies)</source>
        <translation>
            <numerusform>%Ln retry</numerusform>
            <numerusform>%Ln retries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln store(s)</source>
        <translation>
            <numerusform>%Ln store</numerusform>
            <numerusform>%Ln stores</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln line</numerusform>
            <numerusform>%Ln lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln field(s)</source>
        <translation>
            <numerusform>%Ln field</numerusform>
            <numerusform>%Ln fields</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added %Ln ticket(s)</source>
        <translation>
            <numerusform>added %Ln ticket</numerusform>
            <numerusform>added %Ln tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln ticket(s)</source>
        <translation>
            <numerusform>removed %Ln ticket</numerusform>
            <numerusform>removed %Ln tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) in stores you may not see</source>
        <translation>
            <numerusform>%Ln ticket in a store you may not see</numerusform>
            <numerusform>%Ln tickets in stores you may not see</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln removed by retention</source>
        <translation>
            <numerusform>%Ln removed by retention</numerusform>
            <numerusform>%Ln removed by retention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) removed by retention</source>
        <translation>
            <numerusform>%Ln ticket removed by retention</numerusform>
            <numerusform>%Ln tickets removed by retention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) since removed by retention</source>
        <translation>
            <numerusform>%Ln ticket since removed by retention</numerusform>
            <numerusform>%Ln tickets since removed by retention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %Ln earlier,</source>
        <translation>
            <numerusform>… %Ln earlier,</numerusform>
            <numerusform>… %Ln earlier,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln audit entry(-ies)</source>
        <translation>
            <numerusform>%Ln audit entry</numerusform>
            <numerusform>%Ln audit entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more</source>
        <translation>
            <numerusform>and %Ln more</numerusform>
            <numerusform>and %Ln more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExceptionPicker</name>
    <message numerus="yes">
        <source>Any of %Ln exception(s)</source>
        <translation>
            <numerusform>Any of %Ln exception</numerusform>
            <numerusform>Any of %Ln exceptions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExceptionsView</name>
    <message numerus="yes">
        <source>%Ln operator(s)</source>
        <translation>
            <numerusform>%Ln operator</numerusform>
            <numerusform>%Ln operators</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln register(s)</source>
        <translation>
            <numerusform>%Ln register</numerusform>
            <numerusform>%Ln registers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message numerus="yes">
        <source>the %Ln selected receipt(s)</source>
        <translation>
            <numerusform>the %Ln selected receipt</numerusform>
            <numerusform>the %Ln selected receipts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln ticket(s) to {folder} (verify: ows-desktop verify FOLDER, or sha256sum -c MANIFEST.sha256)</source>
        <translation>
            <numerusform>Exported %Ln ticket to {folder} (verify: ows-desktop verify FOLDER, or sha256sum -c MANIFEST.sha256)</numerusform>
            <numerusform>Exported %Ln tickets to {folder} (verify: ows-desktop verify FOLDER, or sha256sum -c MANIFEST.sha256)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %Ln snapshot(s) left out (reasons in export.json)</source>
        <translation>
            <numerusform>; %Ln snapshot left out (reasons in export.json)</numerusform>
            <numerusform>; %Ln snapshots left out (reasons in export.json)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>{label} — %Ln ticket(s)</source>
        <translation>
            <numerusform>{label} — %Ln ticket</numerusform>
            <numerusform>{label} — %Ln tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): selection</source>
        <translation>
            <numerusform>%Ln ticket: selection</numerusform>
            <numerusform>%Ln tickets: selection</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): flagged</source>
        <translation>
            <numerusform>%Ln ticket: flagged</numerusform>
            <numerusform>%Ln tickets: flagged</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): the case&apos;s tickets</source>
        <translation>
            <numerusform>%Ln ticket: the case&apos;s tickets</numerusform>
            <numerusform>%Ln tickets: the case&apos;s tickets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): current filter</source>
        <translation>
            <numerusform>%Ln ticket: current filter</numerusform>
            <numerusform>%Ln tickets: current filter</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportGaps</name>
    <message numerus="yes">
        <source>Exported %n ticket(s) to {folder}, but some of their video evidence is missing.</source>
        <translation>
            <numerusform>Exported %n ticket to {folder}, but some of its video evidence is missing.</numerusform>
            <numerusform>Exported %n tickets to {folder}, but some of their video evidence is missing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n ticket(s) to {folder}, but some snapshots have no hash recorded.</source>
        <translation>
            <numerusform>Exported %n ticket to {folder}, but some snapshots have no hash recorded.</numerusform>
            <numerusform>Exported %n tickets to {folder}, but some snapshots have no hash recorded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>And %Ln more snapshot(s) left out: export.json in that folder lists each under snapshot_failures, with its reason.</source>
        <translation>
            <numerusform>And %Ln more snapshot left out: export.json in that folder lists it under snapshot_failures, with its reason.</numerusform>
            <numerusform>And %Ln more snapshots left out: export.json in that folder lists each under snapshot_failures, with its reason.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{files}, and %Ln more (export.json in that folder lists each under snapshots)</source>
        <translation>
            <numerusform>{files}, and %Ln more (export.json in that folder lists it under snapshots)</numerusform>
            <numerusform>{files}, and %Ln more (export.json in that folder lists each under snapshots)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s) exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), marked so: they cannot be shown to be the pictures taken: {files}</source>
        <translation>
            <numerusform>%Ln snapshot exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), marked so: it cannot be shown to be the picture taken: {files}</numerusform>
            <numerusform>%Ln snapshots exported with no hash recorded (no SHA-256 and no audit-trail entry, as for ones taken before OWS Desktop recorded them; that cannot be verified), marked so: they cannot be shown to be the pictures taken: {files}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln video clip(s) missing: {reason}</source>
        <translation>
            <numerusform>%Ln video clip missing: {reason}</numerusform>
            <numerusform>%Ln video clips missing: {reason}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln camera snapshot(s) missing: {reason}</source>
        <translation>
            <numerusform>%Ln camera snapshot missing: {reason}</numerusform>
            <numerusform>%Ln camera snapshots missing: {reason}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>And %Ln more reason(s): export.json in that folder lists each missing clip (under clips) and snapshot (under snapshot_failures) with its reason.</source>
        <translation>
            <numerusform>And %Ln more reason: export.json in that folder lists each missing clip (under clips) and snapshot (under snapshot_failures) with its reason.</numerusform>
            <numerusform>And %Ln more reasons: export.json in that folder lists each missing clip (under clips) and snapshot (under snapshot_failures) with its reason.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message numerus="yes">
        <source>Any of %n exception(s)  ✕</source>
        <translation>
            <numerusform>Any of %n exception  ✕</numerusform>
            <numerusform>Any of %n exceptions  ✕</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message numerus="yes">
        <source>Remove the flags from %Ln ticket(s)? Their reasons, review states and notes no longer show in the list and the exports; the audit trail keeps them.</source>
        <translation>
            <numerusform>Remove the flag from %Ln ticket? Its reason, review state and notes no longer show in the list and the exports; the audit trail keeps them.</numerusform>
            <numerusform>Remove the flags from %Ln tickets? Their reasons, review states and notes no longer show in the list and the exports; the audit trail keeps them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RangeHint</name>
    <message numerus="yes">
        <source>At most %Ln decimal(s).</source>
        <translation>
            <numerusform>At most %Ln decimal.</numerusform>
            <numerusform>At most %Ln decimals.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiptsPage</name>
    <message numerus="yes">
        <source>%Ln receipt(s) selected: click one to see it here.</source>
        <translation>
            <numerusform>%Ln receipt selected: click one to see it here.</numerusform>
            <numerusform>%Ln receipts selected: click one to see it here.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoveQuestion</name>
    <message numerus="yes">
        <source>Remove %Ln ticket(s) from case {number}?

{tickets}

The tickets stay on this computer. The case&apos;s history records the removal; Add to case puts a ticket back.</source>
        <translation>
            <numerusform>Remove %Ln ticket from case {number}?

{tickets}

The ticket stays on this computer. The case&apos;s history records the removal; Add to case puts it back.</numerusform>
            <numerusform>Remove %Ln tickets from case {number}?

{tickets}

The tickets stay on this computer. The case&apos;s history records the removal; Add to case puts a ticket back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message numerus="yes">
        <source>Nothing flagged: F flags the receipt shown. Click one of the %Ln selected receipt(s), or press Shift+F to flag them all.</source>
        <translation>
            <numerusform>Nothing flagged: F flags the receipt shown. Click the %Ln selected receipt to show it, or press Shift+F to flag it.</numerusform>
            <numerusform>Nothing flagged: F flags the receipt shown. Click one of the %Ln selected receipts, or press Shift+F to flag them all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln ticket IDs</source>
        <translation>
            <numerusform>Copied %Ln ticket ID</numerusform>
            <numerusform>Copied %Ln ticket IDs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{text} (only this one: Shift+F flags all %Ln selected)</source>
        <translation>
            <numerusform>{text} (only this one: Shift+F flags all %Ln selected)</numerusform>
            <numerusform>{text} (only this one: Shift+F flags all %Ln selected)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message numerus="yes">
        <source>%Ln ticket(s) of your stores in the team store</source>
        <translation>
            <numerusform>%Ln ticket of your stores in the team store</numerusform>
            <numerusform>%Ln tickets of your stores in the team store</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TerminalListModel</name>
    <message numerus="yes">
        <source>%Ln camera(s)</source>
        <translation>
            <numerusform>%Ln camera</numerusform>
            <numerusform>%Ln cameras</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln user</numerusform>
            <numerusform>%Ln users</numerusform>
        </translation>
    </message>
</context>
</TS>
