<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AddToCaseDialog</name>
    <message>
        <source>Add to case</source>
        <translation>Ajouter à un dossier</translation>
    </message>
    <message numerus="yes">
        <source>Add %Ln ticket(s) to:</source>
        <translation>
            <numerusform>Ajouter %Ln ticket à :</numerusform>
            <numerusform>Ajouter %Ln tickets à :</numerusform>
        </translation>
    </message>
    <message>
        <source>An open case</source>
        <translation>Un dossier ouvert</translation>
    </message>
    <message>
        <source>A new case</source>
        <translation>Un nouveau dossier</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Dossier ouvert</translation>
    </message>
    <message>
        <source>Choose an open case…</source>
        <translation>Choisissez un dossier ouvert…</translation>
    </message>
    <message>
        <source>No open case is about these tickets&apos; operator or store: choose one, or open a new case.</source>
        <translation>Aucun dossier ouvert ne porte sur l’opérateur ou le magasin de ces tickets : choisissez-en un, ou ouvrez un nouveau dossier.</translation>
    </message>
    <message>
        <source>operator {value}</source>
        <translation>l’opérateur {value}</translation>
    </message>
    <message>
        <source>store {value}</source>
        <translation>le magasin {value}</translation>
    </message>
    <message>
        <source>register {value}</source>
        <translation>la caisse {value}</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} et {last}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Chosen: {number}, the latest open case about these tickets&apos; {about}.</source>
        <translation>Choisi : {number}, le dossier ouvert le plus récent sur {about} de ces tickets.</translation>
    </message>
</context>
<context>
    <name>AmountEdit</name>
    <message>
        <source>“{typed}” could be {thousands} or {decimals}: type it without a thousands separator, or with at most two decimals. Not applied.</source>
        <translation>« {typed} » peut valoir {thousands} ou {decimals} : saisissez-le sans séparateur de milliers, ou avec deux décimales au plus. Non appliqué.</translation>
    </message>
    <message>
        <source>“{typed}” is not an amount; type one such as {example}. Not applied.</source>
        <translation>« {typed} » n’est pas un montant ; saisissez-en un comme {example}. Non appliqué.</translation>
    </message>
</context>
<context>
    <name>BrokenAuditQuestion</name>
    <message>
        <source>The audit trail failed its integrity check</source>
        <translation>Le journal d’audit a échoué à son contrôle d’intégrité</translation>
    </message>
    <message numerus="yes">
        <source>The audit trail of %Ln ticket(s) failed its integrity check: {tickets}. These entries were changed or removed outside OWS Desktop, so the notes and history they hold may not be what was written.

Export marked: the export says so on the PDF&apos;s cover and on each affected exhibit, in the CSV or JSON and in export.json. Cancel: nothing is exported.</source>
        <translation>
            <numerusform>Le journal d’audit de %Ln ticket a échoué à son contrôle d’intégrité : {tickets}. Ces entrées ont été modifiées ou supprimées en dehors d’OWS Desktop : les notes et l’historique qu’elles contiennent ne sont peut-être pas ce qui a été écrit.

Exporter en le signalant : l’export le dit sur la couverture du PDF et sur chaque pièce concernée, dans le CSV ou le JSON et dans export.json. Annuler : rien n’est exporté.</numerusform>
            <numerusform>Le journal d’audit de %Ln tickets a échoué à son contrôle d’intégrité : {tickets}. Ces entrées ont été modifiées ou supprimées en dehors d’OWS Desktop : les notes et l’historique qu’elles contiennent ne sont peut-être pas ce qui a été écrit.

Exporter en le signalant : l’export le dit sur la couverture du PDF et sur chaque pièce concernée, dans le CSV ou le JSON et dans export.json. Annuler : rien n’est exporté.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export marked</source>
        <translation>Exporter en le signalant</translation>
    </message>
</context>
<context>
    <name>CameraEditDialog</name>
    <message>
        <source>Edit camera</source>
        <translation>Modifier la caméra</translation>
    </message>
    <message>
        <source>New camera</source>
        <translation>Nouvelle caméra</translation>
    </message>
    <message>
        <source>rtsp://camera.local/stream1  ·  http://  ·  https://  ·  file://</source>
        <translation>rtsp://camera.local/stream1  ·  http://  ·  https://  ·  file://</translation>
    </message>
    <message>
        <source>optional: http://nvr/play/1?start={start}&amp;end={end}</source>
        <translation>facultatif : http://nvr/play/1?start={start}&amp;end={end}</translation>
    </message>
    <message>
        <source>Recorded video by time. {start} and {end} become the wanted window:
{start} ISO 8601 UTC · {start:epoch} seconds · {start:epoch_ms} milliseconds ·
{start:%Y%m%dT%H%M%SZ} any strftime form (UTC)</source>
        <translation>Vidéo enregistrée par heure. {start} et {end} deviennent la plage voulue :
{start} ISO 8601 UTC · {start:epoch} secondes · {start:epoch_ms} millisecondes ·
{start:%Y%m%dT%H%M%SZ} toute forme strftime (UTC)</translation>
    </message>
    <message>
        <source>stored in the keyring</source>
        <translation>conservé dans le trousseau</translation>
    </message>
    <message>
        <source>optional; kept in the OS keyring</source>
        <translation>facultatif ; conservé dans le trousseau du système</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Live URL</source>
        <translation>URL du direct</translation>
    </message>
    <message>
        <source>Playback URL</source>
        <translation>URL de relecture</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>the camera “{name}”</source>
        <translation>la caméra « {name} »</translation>
    </message>
</context>
<context>
    <name>CameraListModel</name>
    <message>
        <source>{name}
{display_url}
id {id}</source>
        <translation>{name}
{display_url}
id {id}</translation>
    </message>
</context>
<context>
    <name>CaseActions</name>
    <message>
        <source>Add to &amp;case…</source>
        <translation>Ajouter à un &amp;dossier…</translation>
    </message>
    <message>
        <source>Add the selected receipts to an investigation case (or open a new one)</source>
        <translation>Ajouter les tickets sélectionnés à un dossier d’enquête (ou en ouvrir un nouveau)</translation>
    </message>
    <message>
        <source>Select one or more receipts to add to a case.</source>
        <translation>Sélectionnez un ou plusieurs tickets à ajouter à un dossier.</translation>
    </message>
    <message>
        <source>Case {number} is now {status_label}</source>
        <translation>Le dossier {number} est maintenant : {status_label}</translation>
    </message>
    <message>
        <source>Assign case</source>
        <translation>Attribuer le dossier</translation>
    </message>
    <message>
        <source>Who works case {number}?</source>
        <translation>Qui traite le dossier {number} ?</translation>
    </message>
    <message>
        <source>Case {number} assigned to {value}</source>
        <translation>Dossier {number} attribué à {value}</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <source>Loss amount</source>
        <translation>Montant de la perte</translation>
    </message>
    <message>
        <source>Loss amount (empty: the ticket amounts added up):</source>
        <translation>Montant de la perte (vide : la somme des montants des tickets) :</translation>
    </message>
    <message>
        <source>Now: {loss}</source>
        <translation>Actuellement : {loss}</translation>
    </message>
    <message>
        <source>The loss amount was not changed: {why}</source>
        <translation>Le montant de la perte n’a pas été modifié : {why}</translation>
    </message>
    <message>
        <source>Why does the amount change?</source>
        <translation>Pourquoi le montant change-t-il ?</translation>
    </message>
    <message>
        <source>A reason is needed: it is kept in the case&apos;s history. Why does the amount change?</source>
        <translation>Une raison est nécessaire : elle est gardée dans l’historique du dossier. Pourquoi le montant change-t-il ?</translation>
    </message>
    <message>
        <source>Case {number}: loss {loss_amount}</source>
        <translation>Dossier {number} : perte {loss_amount}</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Ajouter une note</translation>
    </message>
    <message>
        <source>Note for case {number}:</source>
        <translation>Note pour le dossier {number} :</translation>
    </message>
    <message>
        <source>the tickets added to case {number}</source>
        <translation>les tickets ajoutés au dossier {number}</translation>
    </message>
    <message>
        <source>the new case “{title}”</source>
        <translation>le nouveau dossier « {title} »</translation>
    </message>
    <message numerus="yes">
        <source>New case {number}: it holds %Ln ticket(s).</source>
        <translation>
            <numerusform>Nouveau dossier {number} : il contient %Ln ticket.</numerusform>
            <numerusform>Nouveau dossier {number} : il contient %Ln tickets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added to case {number}: it holds %Ln ticket(s) now.</source>
        <translation>
            <numerusform>Ajouté au dossier {number} : il contient maintenant %Ln ticket.</numerusform>
            <numerusform>Ajouté au dossier {number} : il contient maintenant %Ln tickets.</numerusform>
        </translation>
    </message>
    <message>
        <source>closing case {number}</source>
        <translation>la clôture du dossier {number}</translation>
    </message>
    <message>
        <source>the status of case {number}</source>
        <translation>le statut du dossier {number}</translation>
    </message>
    <message>
        <source>the assignee of case {number}</source>
        <translation>le responsable du dossier {number}</translation>
    </message>
    <message>
        <source>the loss amount of case {number}</source>
        <translation>le montant de la perte du dossier {number}</translation>
    </message>
    <message>
        <source>the note “{start}” on case {number}</source>
        <translation>la note « {start} » sur le dossier {number}</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Note ajoutée</translation>
    </message>
    <message>
        <source>Select the tickets to remove from the case first.</source>
        <translation>Sélectionnez d’abord les tickets à retirer du dossier.</translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln ticket(s) from case {number}</source>
        <translation>
            <numerusform>%Ln ticket retiré du dossier {number}</numerusform>
            <numerusform>%Ln tickets retirés du dossier {number}</numerusform>
        </translation>
    </message>
    <message>
        <source>the tickets removed from case {number}</source>
        <translation>les tickets retirés du dossier {number}</translation>
    </message>
    <message>
        <source>Case {number}</source>
        <translation>Dossier {number}</translation>
    </message>
    <message>
        <source>Export case {number}</source>
        <translation>Exporter le dossier {number}</translation>
    </message>
    <message>
        <source>Case {number} was not changed: {why}</source>
        <translation>Le dossier {number} n’a pas été modifié : {why}</translation>
    </message>
    <message>
        <source>The case could not be saved: {message}</source>
        <translation>Le dossier n’a pas pu être enregistré : {message}</translation>
    </message>
    <message>
        <source>Reopen case</source>
        <translation>Rouvrir le dossier</translation>
    </message>
    <message>
        <source>Why is case {number} reopened? The reason is kept in its history.</source>
        <translation>Pourquoi rouvrir le dossier {number} ? Le motif est conservé dans son historique.</translation>
    </message>
    <message>
        <source>A reason is needed: it is kept in the case&apos;s history. Why is case {number} reopened?</source>
        <translation>Un motif est nécessaire : il est conservé dans l’historique du dossier. Pourquoi rouvrir le dossier {number} ?</translation>
    </message>
</context>
<context>
    <name>CaseFields</name>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
</context>
<context>
    <name>CaseHistory</name>
    <message>
        <source>Case history</source>
        <translation>Historique du dossier</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perte</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>{visible} of {held}</source>
        <translation>{visible} sur {held}</translation>
    </message>
    <message>
        <source>{visible} of {held} visible to you</source>
        <translation>{visible} sur {held} visibles pour vous</translation>
    </message>
    <message>
        <source>{tickets}, {retained}</source>
        <translation>{tickets}, {retained}</translation>
    </message>
    <message>
        <source>{unseen} and {retained}</source>
        <translation>{unseen} et {retained}</translation>
    </message>
    <message>
        <source>Not shown: retention removed its tickets</source>
        <translation>Non affichée : la rétention a supprimé ses tickets</translation>
    </message>
    <message>
        <source>Added up from the tickets still in the store only, each counted as positive; not counted: {retained}</source>
        <translation>Somme des seuls tickets encore dans la base, chacun compté en positif ; non compté : {retained}</translation>
    </message>
    <message>
        <source>Not shown: none of its tickets is visible to you ({unseen})</source>
        <translation>Non affichée : aucun de ses tickets ne vous est visible ({unseen})</translation>
    </message>
    <message>
        <source>Added up from the tickets visible to you only, each counted as positive; not counted: {unseen}</source>
        <translation>Somme des seuls tickets qui vous sont visibles, chacun compté en positif ; non compté : {unseen}</translation>
    </message>
    <message>
        <source>Set by hand: {loss_reason}
The ticket amounts add up to {tickets_total}</source>
        <translation>Saisie à la main : {loss_reason}
Les montants des tickets s’élèvent à {tickets_total}</translation>
    </message>
    <message>
        <source>Concluded with no loss</source>
        <translation>Conclu sans perte</translation>
    </message>
    <message>
        <source>Not set by an investigator: the case&apos;s ticket amounts added up, each counted as positive (a sale by its total, a refund by its size)</source>
        <translation>Non fixée par un enquêteur : la somme des montants des tickets du dossier, chacun compté en positif (une vente pour son total, un remboursement pour son montant)</translation>
    </message>
</context>
<context>
    <name>CaseTickets</name>
    <message>
        <source>The case&apos;s tickets</source>
        <translation>Les tickets du dossier</translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) selected: click one to see its receipt and video here.</source>
        <translation>
            <numerusform>%Ln ticket sélectionné : cliquez sur un ticket pour voir ici son ticket de caisse et sa vidéo.</numerusform>
            <numerusform>%Ln tickets sélectionnés : cliquez sur un ticket pour voir ici son ticket de caisse et sa vidéo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select one of the case&apos;s tickets to see its receipt and video.</source>
        <translation>Sélectionnez un des tickets du dossier pour voir son ticket de caisse et sa vidéo.</translation>
    </message>
    <message>
        <source>This receipt could not be read: {exc}</source>
        <translation>Ce ticket n’a pas pu être lu : {exc}</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Case status filter</source>
        <translation>Filtre du statut des dossiers</translation>
    </message>
    <message>
        <source>Case assignee filter</source>
        <translation>Filtre du responsable des dossiers</translation>
    </message>
    <message>
        <source>Case store filter</source>
        <translation>Filtre du magasin des dossiers</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>Nouveau dossier…</translation>
    </message>
    <message>
        <source>Export case…</source>
        <translation>Exporter le dossier…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>Select a case, or add tickets to one from the Receipts tab (Add to case…).</source>
        <translation>Sélectionnez un dossier, ou ajoutez-y des tickets depuis l’onglet Tickets (Ajouter à un dossier…).</translation>
    </message>
    <message>
        <source>Case status</source>
        <translation>Statut du dossier</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Attribuer…</translation>
    </message>
    <message>
        <source>Loss amount…</source>
        <translation>Montant de la perte…</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>Ajouter une note…</translation>
    </message>
    <message>
        <source>Remove ticket from case</source>
        <translation>Retirer le ticket du dossier</translation>
    </message>
    <message>
        <source>The case is closed: reopen it (Status: In progress) to change this.</source>
        <translation>Le dossier est clos : rouvrez-le (Statut : En cours) pour modifier ceci.</translation>
    </message>
    <message>
        <source>The selected case&apos;s history shows here.</source>
        <translation>L’historique du dossier sélectionné s’affiche ici.</translation>
    </message>
    <message>
        <source>No case matches these filters.</source>
        <translation>Aucun dossier ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>No cases yet.</source>
        <translation>Aucun dossier pour l’instant.</translation>
    </message>
    <message>
        <source>No cases yet.

Start one with New case…, or select receipts on the Receipts tab and choose Add to case.</source>
        <translation>Aucun dossier pour l’instant.

Commencez-en un avec Nouveau dossier…, ou sélectionnez des tickets dans l’onglet Tickets et choisissez Ajouter à un dossier.</translation>
    </message>
    <message>
        <source>Concluded with no loss, the case claims 0.00: choose Loss confirmed or In progress in Status to set a loss.</source>
        <translation>Conclu sans perte, le dossier déclare 0,00 : choisissez Perte confirmée ou En cours dans Statut pour fixer une perte.</translation>
    </message>
    <message>
        <source>The case holds no tickets.</source>
        <translation>Le dossier ne contient aucun ticket.</translation>
    </message>
    <message>
        <source>{number} · {title}
Subject: {subject} · Status: {status_label} · Assignee: {value} · Tickets: {ticket_count} · Loss: {loss}</source>
        <translation>{number} · {title}
Objet : {subject} · Statut : {status_label} · Responsable : {value} · Tickets : {ticket_count} · Perte : {loss}</translation>
    </message>
    <message>
        <source>Its evidence would leave out {unseen}: a director, or an investigator of those stores, can export it whole.</source>
        <translation>Ses preuves laisseraient de côté {unseen} : un directeur, ou un enquêteur de ces magasins, peut l’exporter en entier.</translation>
    </message>
    <message>
        <source>The case claims a loss of {loss} set by hand: set it to {zero} with a reason (Loss amount…) to conclude it with no loss.</source>
        <translation>Le dossier déclare une perte de {loss} saisie à la main : ramenez-la à {zero} avec un motif (Montant de la perte…) pour le conclure sans perte.</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <source>Close case {number}</source>
        <translation>Clore le dossier {number}</translation>
    </message>
    <message>
        <source>What did the investigation find? A closed case keeps its outcome, loss and tickets (reopen it to change them).</source>
        <translation>Qu’a établi l’enquête ? Un dossier clos garde sa conclusion, sa perte et ses tickets (rouvrez-le pour les modifier).</translation>
    </message>
    <message>
        <source>The case was not closed: {why}</source>
        <translation>Le dossier n’a pas été clos : {why}</translation>
    </message>
    <message>
        <source>No outcome (closed without a conclusion)</source>
        <translation>Sans conclusion (clos sans conclure)</translation>
    </message>
    <message>
        <source>Loss amount</source>
        <translation>Montant de la perte</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>inchangé</translation>
    </message>
    <message>
        <source>Why the loss amount changes</source>
        <translation>Pourquoi le montant de la perte change</translation>
    </message>
    <message>
        <source>Set the loss to</source>
        <translation>Fixer la perte à</translation>
    </message>
    <message>
        <source>Because</source>
        <translation>Parce que</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Clore le dossier</translation>
    </message>
    <message>
        <source>Closed, the case claims a loss of {loss} ({words}).</source>
        <translation>Clos, le dossier déclare une perte de {loss} ({words}).</translation>
    </message>
    <message>
        <source>Say why the loss changes: it is kept in the case&apos;s history.</source>
        <translation>Dites pourquoi la perte change : c’est gardé dans l’historique du dossier.</translation>
    </message>
    <message>
        <source>Closed with no loss, the case would still claim the loss of {loss} set by hand: set the loss to 0.00 and say why, or choose Loss confirmed.</source>
        <translation>Clos sans perte, le dossier réclamerait encore la perte de {loss} saisie à la main : mettez la perte à 0,00 en disant pourquoi, ou choisissez Perte confirmée.</translation>
    </message>
    <message>
        <source>Closed with no loss, the case claims 0.00: set the loss to 0.00, or choose Loss confirmed.</source>
        <translation>Clos sans perte, le dossier déclare 0,00 : ramenez la perte à 0,00, ou choisissez Perte confirmée.</translation>
    </message>
</context>
<context>
    <name>ConnectingDialog</name>
    <message>
        <source>Opening the team store</source>
        <translation>Ouverture de la base d’équipe</translation>
    </message>
    <message>
        <source>Connecting to the team store {place}… The window opens once it answers.</source>
        <translation>Connexion à la base d’équipe {place}… La fenêtre s’ouvre dès qu’elle répond.</translation>
    </message>
    <message>
        <source>Opening the connection “{name}”: connecting to its team store {place}… The window opens once it answers.</source>
        <translation>Ouverture de la connexion « {name} » : connexion à sa base d’équipe {place}… La fenêtre s’ouvre dès qu’elle répond.</translation>
    </message>
    <message>
        <source>Quit OWS Desktop</source>
        <translation>Quitter OWS Desktop</translation>
    </message>
    <message>
        <source>Open another connection…</source>
        <translation>Ouvrir une autre connexion…</translation>
    </message>
</context>
<context>
    <name>ConnectionController</name>
    <message>
        <source>Reading the stored key…</source>
        <translation>Lecture de la clé enregistrée…</translation>
    </message>
    <message>
        <source>Team store {place} ({role})</source>
        <translation>Base d’équipe {place} ({role})</translation>
    </message>
    <message>
        <source>Team store ({role})</source>
        <translation>Base d’équipe ({role})</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>{team} · not connected to OWS</source>
        <translation>{team} · non connecté à OWS</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <source>The stored API key could not be read.</source>
        <translation>La clé d’API enregistrée n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>{message} You can still browse the team store&apos;s tickets.</source>
        <translation>{message} Vous pouvez toujours parcourir les tickets de la base d’équipe.</translation>
    </message>
    <message>
        <source>{message} You can still browse the tickets already on this computer.</source>
        <translation>{message} Vous pouvez toujours parcourir les tickets déjà présents sur cet ordinateur.</translation>
    </message>
    <message>
        <source> (key from OWS_API_KEY)</source>
        <translation> (clé issue de OWS_API_KEY)</translation>
    </message>
    <message>
        <source> (key not saved)</source>
        <translation> (clé non enregistrée)</translation>
    </message>
    <message>
        <source>Connected to {host}{where}</source>
        <translation>Connecté à {host}{where}</translation>
    </message>
    <message>
        <source>Connected for this session only.</source>
        <translation>Connecté pour cette session seulement.</translation>
    </message>
    <message>
        <source>The key is not saved because this computer has no secure keyring; you will be asked again next time.</source>
        <translation>La clé n’est pas enregistrée car cet ordinateur n’a pas de trousseau sécurisé ; elle vous sera redemandée la prochaine fois.</translation>
    </message>
    <message>
        <source>The store chosen is opened the next time OWS Desktop starts; until then this window stays on the store it is on.</source>
        <translation>Le stockage choisi s’ouvre au prochain démarrage d’OWS Desktop ; d’ici là, cette fenêtre reste sur le stockage qu’elle affiche.</translation>
    </message>
    <message>
        <source>Connected to {host}.</source>
        <translation>Connecté à {host}.</translation>
    </message>
    <message>
        <source>Choose a range and press Sync (Ctrl+R) to fetch tickets.</source>
        <translation>Choisissez une période et appuyez sur Synchroniser (Ctrl+R) pour récupérer les tickets.</translation>
    </message>
    <message>
        <source>Not connected to OWS.</source>
        <translation>Non connecté à OWS.</translation>
    </message>
    <message>
        <source>Tickets in the team store can be browsed; connect to sync new ones.</source>
        <translation>Les tickets de la base d’équipe peuvent être parcourus ; connectez-vous pour synchroniser les nouveaux.</translation>
    </message>
    <message>
        <source>Tickets already on this computer can be browsed; connect to sync new ones.</source>
        <translation>Les tickets déjà présents sur cet ordinateur peuvent être parcourus ; connectez-vous pour synchroniser les nouveaux.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Déconnecté.</translation>
    </message>
    <message>
        <source>The API key for {base_url} was removed from this computer. Tickets already synced stay available.</source>
        <translation>La clé d’API de {base_url} a été supprimée de cet ordinateur. Les tickets déjà synchronisés restent disponibles.</translation>
    </message>
    <message>
        <source>The key could not be removed from the keyring.</source>
        <translation>La clé n’a pas pu être supprimée du trousseau.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to OpenEye Web Services</source>
        <translation>Se connecter à OpenEye Web Services</translation>
    </message>
    <message>
        <source>Edit connection</source>
        <translation>Modifier la connexion</translation>
    </message>
    <message>
        <source>Connect to OWS</source>
        <translation>Se connecter à OWS</translation>
    </message>
    <message>
        <source>OWS connection</source>
        <translation>Connexion OWS</translation>
    </message>
    <message>
        <source>Copy the &lt;b&gt;API Access URL&lt;/b&gt;, &lt;b&gt;API Access Key&lt;/b&gt; and &lt;b&gt;API Secret Key&lt;/b&gt; from OWS (Integrations ▸ API Access). OWS Desktop checks them before saving.</source>
        <translation>Copiez l’&lt;b&gt;API Access URL&lt;/b&gt;, l’&lt;b&gt;API Access Key&lt;/b&gt; et l’&lt;b&gt;API Secret Key&lt;/b&gt; depuis OWS (Integrations ▸ API Access). OWS Desktop les vérifie avant de les enregistrer.</translation>
    </message>
    <message>
        <source>API Access Key</source>
        <translation>API Access Key (clé d’accès)</translation>
    </message>
    <message>
        <source>API Secret Key</source>
        <translation>API Secret Key (clé secrète)</translation>
    </message>
    <message>
        <source>Show the secret</source>
        <translation>Afficher le secret</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>Afficher ou masquer le secret</translation>
    </message>
    <message>
        <source>API Access URL</source>
        <translation>API Access URL (adresse d’accès)</translation>
    </message>
    <message>
        <source>SQLite on this computer — or a team store: postgresql://user@host:5432/db</source>
        <translation>SQLite sur cet ordinateur — ou un stockage d’équipe : postgresql://utilisateur@hôte:5432/base</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Stockage des tickets</translation>
    </message>
    <message>
        <source>Takes effect when OWS Desktop starts again. The password goes to the keyring.</source>
        <translation>Prend effet au prochain démarrage d’OWS Desktop. Le mot de passe va dans le trousseau.</translation>
    </message>
    <message>
        <source>Team store password (kept in the OS keyring)</source>
        <translation>Mot de passe du stockage d’équipe (conservé dans le trousseau du système)</translation>
    </message>
    <message>
        <source>Store password</source>
        <translation>Mot de passe du stockage</translation>
    </message>
    <message>
        <source>A change of store takes effect the next time OWS Desktop starts without --store: this window was started with --store (or OWS_DESKTOP_STORE), which overrides this field.</source>
        <translation>Un changement de stockage prend effet au prochain démarrage d’OWS Desktop sans --store : cette fenêtre a été ouverte avec --store (ou OWS_DESKTOP_STORE), qui l’emporte sur ce champ.</translation>
    </message>
    <message>
        <source>A change of store takes effect the next time OWS Desktop starts.</source>
        <translation>Un changement de stockage prend effet au prochain démarrage d’OWS Desktop.</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Checking the OS keyring…</source>
        <translation>Vérification du trousseau du système…</translation>
    </message>
    <message>
        <source>Save and connect</source>
        <translation>Enregistrer et se connecter</translation>
    </message>
    <message>
        <source>Enter the {join}.</source>
        <translation>Saisissez {join}.</translation>
    </message>
    <message>
        <source> and the </source>
        <translation> et </translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Test de la connexion…</translation>
    </message>
    <message>
        <source>Checking and saving…</source>
        <translation>Vérification et enregistrement…</translation>
    </message>
    <message>
        <source>Where the key and secret are kept: {description}. Never in a plain file.</source>
        <translation>Où la clé et le secret sont conservés : {description}. Jamais dans un simple fichier.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The key cannot be saved on this computer.&lt;/b&gt; {help} You can still connect for this session only.</source>
        <translation>&lt;b&gt;La clé ne peut pas être enregistrée sur cet ordinateur.&lt;/b&gt; {help} Vous pouvez tout de même vous connecter pour cette session uniquement.</translation>
    </message>
    <message>
        <source>Connect for this session</source>
        <translation>Se connecter pour cette session</translation>
    </message>
    <message>
        <source>The OS keyring is not usable: {message}</source>
        <translation>Le trousseau du système est inutilisable : {message}</translation>
    </message>
    <message>
        <source>Connected. Tickets come from {endpoint}.</source>
        <translation>Connecté. Les tickets proviennent de {endpoint}.</translation>
    </message>
    <message>
        <source>Hide the secret</source>
        <translation>Masquer le secret</translation>
    </message>
</context>
<context>
    <name>ConnectionMenu</name>
    <message>
        <source>S&amp;witch to</source>
        <translation>&amp;Basculer vers</translation>
    </message>
    <message>
        <source>Open this connection: its own key, ticket cache, settings and layout</source>
        <translation>Ouvrir cette connexion : sa propre clé, son cache de tickets, ses réglages et sa disposition</translation>
    </message>
    <message>
        <source>&amp;New connection…</source>
        <translation>&amp;Nouvelle connexion…</translation>
    </message>
    <message>
        <source>Another OWS account (another chain or franchise) next to this one</source>
        <translation>Un autre compte OWS (une autre enseigne ou franchise) à côté de celui-ci</translation>
    </message>
</context>
<context>
    <name>CoreLabels</name>
    <message>
        <source>To review</source>
        <translation>À examiner</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmé</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>Écarté</translation>
    </message>
    <message>
        <source>Void abuse</source>
        <translation>Abus d’annulation</translation>
    </message>
    <message>
        <source>Refund fraud</source>
        <translation>Fraude au remboursement</translation>
    </message>
    <message>
        <source>No-sale</source>
        <translation>Ouverture sans vente</translation>
    </message>
    <message>
        <source>Discount abuse</source>
        <translation>Abus de remise</translation>
    </message>
    <message>
        <source>Sweethearting</source>
        <translation>Complaisance</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Loss confirmed</source>
        <translation>Perte confirmée</translation>
    </message>
    <message>
        <source>No loss</source>
        <translation>Pas de perte</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clos</translation>
    </message>
    <message>
        <source>Closed (loss confirmed)</source>
        <translation>Clos (perte confirmée)</translation>
    </message>
    <message>
        <source>Closed (no loss)</source>
        <translation>Clos (pas de perte)</translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>%Ln receipt(s)</source>
        <translation>
            <numerusform>%Ln ticket</numerusform>
            <numerusform>%Ln tickets</numerusform>
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
            <numerusform>%Ln nouveau</numerusform>
            <numerusform>%Ln nouveaux</numerusform>
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
            <numerusform>%Ln nouvelle tentative</numerusform>
            <numerusform>%Ln nouvelles tentatives</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln store(s)</source>
        <translation>
            <numerusform>%Ln magasin</numerusform>
            <numerusform>%Ln magasins</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln ligne</numerusform>
            <numerusform>%Ln lignes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln field(s)</source>
        <translation>
            <numerusform>%Ln champ</numerusform>
            <numerusform>%Ln champs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln élément</numerusform>
            <numerusform>%Ln éléments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added %Ln ticket(s)</source>
        <translation>
            <numerusform>%Ln ticket ajouté</numerusform>
            <numerusform>%Ln tickets ajoutés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln ticket(s)</source>
        <translation>
            <numerusform>%Ln ticket retiré</numerusform>
            <numerusform>%Ln tickets retirés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) in stores you may not see</source>
        <translation>
            <numerusform>%Ln ticket dans un magasin que vous ne pouvez pas voir</numerusform>
            <numerusform>%Ln tickets dans des magasins que vous ne pouvez pas voir</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln removed by retention</source>
        <translation>
            <numerusform>%Ln supprimé par la rétention</numerusform>
            <numerusform>%Ln supprimés par la rétention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) removed by retention</source>
        <translation>
            <numerusform>%Ln ticket supprimé par la rétention</numerusform>
            <numerusform>%Ln tickets supprimés par la rétention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) since removed by retention</source>
        <translation>
            <numerusform>%Ln ticket supprimé depuis par la rétention</numerusform>
            <numerusform>%Ln tickets supprimés depuis par la rétention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %Ln earlier,</source>
        <translation>
            <numerusform>… %Ln plus ancienne,</numerusform>
            <numerusform>… %Ln plus anciennes,</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln audit entry(-ies)</source>
        <translation>
            <numerusform>%Ln entrée d’audit</numerusform>
            <numerusform>%Ln entrées d’audit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more</source>
        <translation>
            <numerusform>et %Ln autre</numerusform>
            <numerusform>et %Ln autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Apply the filter offered</source>
        <translation>Appliquer le filtre proposé</translation>
    </message>
    <message>
        <source> these filters</source>
        <translation> ces filtres</translation>
    </message>
    <message>
        <source>No tickets match{what}.</source>
        <translation>Aucun ticket ne correspond à{what}.</translation>
    </message>
    <message>
        <source>Try fewer words, another period or store, or clear the filters. Newer tickets may still need a sync.</source>
        <translation>Essayez moins de mots, une autre période ou un autre magasin, ou effacez les filtres. Les tickets récents doivent peut-être encore être synchronisés.</translation>
    </message>
    <message>
        <source>The search lists receipts holding every word typed, at the start of a word: {syntax}. {hint}</source>
        <translation>La recherche liste les tickets qui contiennent chaque mot saisi, au début d’un mot : {syntax}. {hint}</translation>
    </message>
    <message>
        <source>Show total ≤ {total}</source>
        <translation>Afficher total ≤ {total}</translation>
    </message>
    <message>
        <source>Refund totals are negative: a refund of {size} or more has a total of {total} or less.</source>
        <translation>Les totaux des remboursements sont négatifs : un remboursement de {size} ou plus a un total de {total} ou moins.</translation>
    </message>
    <message>
        <source>Show total {low} to {high}</source>
        <translation>Afficher total de {low} à {high}</translation>
    </message>
    <message>
        <source>Refund totals are negative: a refund of {size} to {most} has a total from {low} to {high}.</source>
        <translation>Les totaux des remboursements sont négatifs : un remboursement de {size} à {most} a un total de {low} à {high}.</translation>
    </message>
    <message>
        <source>No ticket can match: the min total {low} is above the max total {high}.</source>
        <translation>Aucun ticket ne peut correspondre : le total minimum {low} est supérieur au total maximum {high}.</translation>
    </message>
    <message>
        <source>Swap the two amounts, or clear one of them.</source>
        <translation>Inversez les deux montants, ou effacez l’un d’eux.</translation>
    </message>
    <message>
        <source>No tickets yet.</source>
        <translation>Aucun ticket pour l’instant.</translation>
    </message>
    <message>
        <source>Sync to fetch tickets from OWS (Ctrl+R). They are kept on this computer, so searching and browsing work offline afterwards.</source>
        <translation>Synchronisez pour récupérer les tickets depuis OWS (Ctrl+R). Ils sont conservés sur cet ordinateur : la recherche et la consultation fonctionnent ensuite hors ligne.</translation>
    </message>
    <message>
        <source>No tickets in the team store yet.</source>
        <translation>Pas encore de ticket dans la base d’équipe.</translation>
    </message>
    <message>
        <source>Sync to fetch tickets from OWS (Ctrl+R) into the team store.</source>
        <translation>Synchronisez pour récupérer les tickets d’OWS (Ctrl+R) dans la base d’équipe.</translation>
    </message>
    <message>
        <source>The team store&apos;s sync service fetches them from OWS; they show here as they land.</source>
        <translation>Le service de synchronisation de la base d’équipe les récupère d’OWS ; ils s’affichent ici dès leur arrivée.</translation>
    </message>
</context>
<context>
    <name>ExceptionPicker</name>
    <message>
        <source>No exception filter</source>
        <translation>Sans filtre d’exception</translation>
    </message>
    <message>
        <source>Exception filter</source>
        <translation>Filtre d’exception</translation>
    </message>
    <message>
        <source>Only tickets where this exception rule fired (a voided line on a ticket that went through: Line void)</source>
        <translation>Seulement les tickets où cette règle d’exception s’est déclenchée (une ligne annulée sur un ticket encaissé : Ligne annulée)</translation>
    </message>
    <message>
        <source>Any exception</source>
        <translation>Toute exception</translation>
    </message>
    <message>
        <source>Tickets where any rule fired</source>
        <translation>Les tickets où une règle quelconque s’est déclenchée</translation>
    </message>
    <message numerus="yes">
        <source>Any of %Ln exception(s)</source>
        <translation>
            <numerusform>L’une de %Ln exception</numerusform>
            <numerusform>L’une des %Ln exceptions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExceptionRankingModel</name>
    <message>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Per 100</source>
        <translation>Pour 100</translation>
    </message>
    <message>
        <source>vs store peers</source>
        <translation>Face aux pairs du magasin</translation>
    </message>
    <message>
        <source>{text}
Weight {weight:g}. Click a count to list those tickets.</source>
        <translation>{text}
Poids {weight:g}. Cliquez sur un nombre pour lister ces tickets.</translation>
    </message>
    <message>
        <source>Click a name to list its tickets in the range</source>
        <translation>Cliquez sur un nom pour lister ses tickets de la période</translation>
    </message>
    <message>
        <source>Tickets rung up in the range</source>
        <translation>Tickets enregistrés dans la période</translation>
    </message>
    <message>
        <source>Tickets with at least one exception: a ticket with several counts once (the rule columns count each rule&apos;s). Click a count to list them.</source>
        <translation>Tickets avec au moins une exception : un ticket qui en a plusieurs compte une fois (les colonnes des règles comptent celles de chaque règle). Cliquez sur un nombre pour les lister.</translation>
    </message>
    <message>
        <source>Weighted exceptions: the sum of count × rule weight</source>
        <translation>Exceptions pondérées : la somme nombre × poids de la règle</translation>
    </message>
    <message>
        <source>Score per 100 tickets</source>
        <translation>Score pour 100 tickets</translation>
    </message>
    <message>
        <source>{METHOD_TEXT} Ranked by that probability, smallest first; fewer than {value} tickets: not ranked. Click to list the counted tickets.</source>
        <translation>{METHOD_TEXT} Classement selon cette probabilité, la plus petite d’abord ; moins de {value} tickets : non classé. Cliquez pour lister les tickets comptés.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Employee ID {operator_id}, at {stores}</source>
        <translation>Matricule {operator_id}, à {stores}</translation>
    </message>
    <message>
        <source>These tickets carry no employee ID: their operator is known only by name at store {location}</source>
        <translation>Ces tickets ne portent aucun matricule : leur opérateur n’est connu que par son nom au magasin {location}</translation>
    </message>
    <message>
        <source>too few tickets to rank</source>
        <translation>trop peu de tickets pour classer</translation>
    </message>
    <message>
        <source>{count} × {title} (weight {weight:g}) — click to list these tickets</source>
        <translation>{count} × {title} (poids {weight:g}) — cliquez pour lister ces tickets</translation>
    </message>
    <message>
        <source>Not ranked: {tickets} tickets, fewer than the {needed} needed</source>
        <translation>Non classé : {tickets} tickets, moins que les {needed} nécessaires</translation>
    </message>
    <message>
        <source>Tickets with any exception: {explanation}
{METHOD_TEXT}
Click to list them.</source>
        <translation>Tickets avec au moins une exception : {explanation}
{METHOD_TEXT}
Cliquez pour les lister.</translation>
    </message>
    <message>
        <source>{flagged_tickets} of {tickets} tickets have an exception — click to list them</source>
        <translation>{flagged_tickets} tickets sur {tickets} ont une exception — cliquez pour les lister</translation>
    </message>
</context>
<context>
    <name>ExceptionRules</name>
    <message>
        <source>The exceptions shown were found by a newer version of OWS Desktop: update this workstation before it re-runs the rules.</source>
        <translation>Les exceptions affichées ont été trouvées par une version plus récente d’OWS Desktop : mettez ce poste à jour avant qu’il réapplique les règles.</translation>
    </message>
    <message>
        <source>The exceptions shown were found by other rules: Exceptions ▸ Re-run rules on all tickets finds them again.</source>
        <translation>Les exceptions affichées ont été trouvées par d’autres règles : Exceptions ▸ Réappliquer les règles à tous les tickets les retrouve.</translation>
    </message>
    <message>
        <source>Exception rules re-run over {tickets} tickets</source>
        <translation>Règles d’exception réappliquées à {tickets} tickets</translation>
    </message>
    <message>
        <source>The exception rules could not run: {message}</source>
        <translation>Les règles d’exception n’ont pas pu s’exécuter : {message}</translation>
    </message>
</context>
<context>
    <name>ExceptionsView</name>
    <message>
        <source>First day (inclusive)</source>
        <translation>Premier jour (inclus)</translation>
    </message>
    <message>
        <source>Last day (inclusive)</source>
        <translation>Dernier jour (inclus)</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Opérateurs</translation>
    </message>
    <message>
        <source>Registers</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Rank operators (cashiers) or registers</source>
        <translation>Classer les opérateurs (caissiers) ou les caisses</translation>
    </message>
    <message>
        <source>Rank by</source>
        <translation>Classer par</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Re-run rules on all tickets…</source>
        <translation>Réappliquer les règles à tous les tickets…</translation>
    </message>
    <message>
        <source>Evaluate every stored ticket again (after changing rule settings)</source>
        <translation>Réévaluer chaque ticket enregistré (après un changement des réglages des règles)</translation>
    </message>
    <message>
        <source>Exception ranking</source>
        <translation>Classement des exceptions</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;au</translation>
    </message>
    <message>
        <source>&amp;Rank</source>
        <translation>&amp;Classer</translation>
    </message>
    <message>
        <source>in this workstation&apos;s time</source>
        <translation>à l&apos;heure de ce poste</translation>
    </message>
    <message>
        <source>in each store&apos;s own time</source>
        <translation>à l&apos;heure de chaque magasin</translation>
    </message>
    <message>
        <source>First day (inclusive), {where}</source>
        <translation>Premier jour (inclus), {where}</translation>
    </message>
    <message>
        <source>Last day (inclusive), {where}</source>
        <translation>Dernier jour (inclus), {where}</translation>
    </message>
    <message>
        <source>Rule settings changed since the rules last ran on all tickets: re-run them.</source>
        <translation>Les réglages des règles ont changé depuis leur dernière application à tous les tickets : réappliquez-les.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln operator(s)</source>
        <translation>
            <numerusform>%Ln opérateur</numerusform>
            <numerusform>%Ln opérateurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln register(s)</source>
        <translation>
            <numerusform>%Ln caisse</numerusform>
            <numerusform>%Ln caisses</numerusform>
        </translation>
    </message>
    <message>
        <source>{who}, {total} tickets with an exception: most unusual next to store peers in the same hours first (one-sided Poisson tail; {min_tickets}+ tickets to be ranked). Click a count to list those tickets.</source>
        <translation>{who}, {total} tickets avec une exception : les plus inhabituels par rapport aux pairs du magasin aux mêmes heures d’abord (queue de Poisson unilatérale ; {min_tickets} tickets ou plus pour être classé). Cliquez sur un nombre pour lister ces tickets.</translation>
    </message>
    <message>
        <source>No exceptions in this range. (Have the rules run? Use “{text}”.)</source>
        <translation>Aucune exception dans cette période. (Les règles ont-elles été appliquées ? Utilisez « {text} ».)</translation>
    </message>
    <message>
        <source>{text} Rule settings changed since the rules last ran: re-run them.</source>
        <translation>{text} Les réglages des règles ont changé depuis leur dernière application : réappliquez-les.</translation>
    </message>
    <message>
        <source>Could not load the ranking: {message}</source>
        <translation>Le classement n’a pas pu être chargé : {message}</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>all tickets</source>
        <translation>tous les tickets</translation>
    </message>
    <message>
        <source>The selected receipts</source>
        <translation>Les tickets sélectionnés</translation>
    </message>
    <message>
        <source>The selected receipt</source>
        <translation>Le ticket sélectionné</translation>
    </message>
    <message>
        <source>All flagged tickets</source>
        <translation>Tous les tickets signalés</translation>
    </message>
    <message>
        <source>The flagged tickets shown</source>
        <translation>Les tickets signalés affichés</translation>
    </message>
    <message>
        <source>The current filter ({filters})</source>
        <translation>Le filtre actuel ({filters})</translation>
    </message>
    <message>
        <source>Preparing the export…</source>
        <translation>Préparation de l’export…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Exporting evidence</source>
        <translation>Export des preuves</translation>
    </message>
    <message>
        <source>the flagged tickets</source>
        <translation>tickets signalés</translation>
    </message>
    <message numerus="yes">
        <source>the %Ln selected receipt(s)</source>
        <translation>
            <numerusform>%Ln reçu sélectionné</numerusform>
            <numerusform>%Ln reçus sélectionnés</numerusform>
        </translation>
    </message>
    <message>
        <source>the tickets of the current filter</source>
        <translation>tickets du filtre actuel</translation>
    </message>
    <message>
        <source>Exporting {description} as {upper} to {folder}…</source>
        <translation>Export des {description} en {upper} vers {folder}…</translation>
    </message>
    <message>
        <source>Exported {done} of {total} tickets…</source>
        <translation>{done} tickets sur {total} exportés…</translation>
    </message>
    <message>
        <source>Writing the PDF report: page {done} of {total}…</source>
        <translation>Écriture du rapport PDF : page {done} sur {total}…</translation>
    </message>
    <message>
        <source>about {seconds} s left</source>
        <translation>encore environ {seconds} s</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>encore environ {minutes} min</translation>
    </message>
    <message>
        <source>about {hours} h {minutes} min left</source>
        <translation>encore environ {hours} h {minutes} min</translation>
    </message>
    <message>
        <source>The export is complete, but the audit trail does not record it.</source>
        <translation>L’export est terminé, mais le journal d’audit ne l’enregistre pas.</translation>
    </message>
    <message>
        <source>; {clips} video clips</source>
        <translation> ; {clips} extraits vidéo</translation>
    </message>
    <message>
        <source>; {no_clip} clips missing (reasons in export.json)</source>
        <translation> ; {no_clip} extraits manquants (raisons dans export.json)</translation>
    </message>
    <message>
        <source>; {missing} without a camera snapshot (reasons in export.json)</source>
        <translation> ; {missing} sans image de caméra (raisons dans export.json)</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export annulé ; rien n’a été écrit.</translation>
    </message>
    <message>
        <source>The export cannot start: {message}</source>
        <translation>L’export ne peut pas commencer : {message}</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln ticket(s) to {folder} (verify: ows-desktop verify FOLDER, or sha256sum -c MANIFEST.sha256)</source>
        <translation>
            <numerusform>%Ln ticket exporté vers {folder} (vérification : ows-desktop verify RÉPERTOIRE, ou sha256sum -c MANIFEST.sha256)</numerusform>
            <numerusform>%Ln tickets exportés vers {folder} (vérification : ows-desktop verify RÉPERTOIRE, ou sha256sum -c MANIFEST.sha256)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %Ln snapshot(s) left out (reasons in export.json)</source>
        <translation>
            <numerusform> ; %Ln capture écartée (raisons dans export.json)</numerusform>
            <numerusform> ; %Ln captures écartées (raisons dans export.json)</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed.</source>
        <translation>L’export a échoué.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export evidence</source>
        <translation>Exporter les preuves</translation>
    </message>
    <message numerus="yes">
        <source>{label} — %Ln ticket(s)</source>
        <translation>
            <numerusform>{label} — %Ln ticket</numerusform>
            <numerusform>{label} — %Ln tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>Répertoire d’export</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>Format d’export</translation>
    </message>
    <message>
        <source>A new or empty folder</source>
        <translation>Un répertoire nouveau ou vide</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Tickets:</source>
        <translation>Tickets :</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format :</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Répertoire :</translation>
    </message>
    <message>
        <source>Name a new or an empty folder for the evidence.</source>
        <translation>Indiquez un répertoire nouveau ou vide pour les preuves.</translation>
    </message>
    <message>
        <source>{folder} is a file, not a folder. Choose a new or an empty folder.</source>
        <translation>{folder} est un fichier, pas un répertoire. Choisissez un répertoire nouveau ou vide.</translation>
    </message>
    <message>
        <source>The folder {folder} is not empty: an evidence folder holds one export only. Choose a new or an empty folder.</source>
        <translation>Le répertoire {folder} n’est pas vide : un répertoire de preuves ne contient qu’un seul export. Choisissez un répertoire nouveau ou vide.</translation>
    </message>
    <message>
        <source>{file} is a file, not a folder: {folder} cannot be made in it.</source>
        <translation>{file} est un fichier, pas un répertoire : {folder} ne peut pas y être créé.</translation>
    </message>
    <message>
        <source>{folder} cannot be used: {reason}</source>
        <translation>{folder} ne peut pas être utilisé : {reason}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): selection</source>
        <translation>
            <numerusform>%Ln ticket : sélection</numerusform>
            <numerusform>%Ln tickets : sélection</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): flagged</source>
        <translation>
            <numerusform>%Ln ticket : signalé</numerusform>
            <numerusform>%Ln tickets : signalés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): the case&apos;s tickets</source>
        <translation>
            <numerusform>%Ln ticket : ticket du dossier</numerusform>
            <numerusform>%Ln tickets : tickets du dossier</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s): current filter</source>
        <translation>
            <numerusform>%Ln ticket : filtre actuel</numerusform>
            <numerusform>%Ln tickets : filtre actuel</numerusform>
        </translation>
    </message>
    <message>
        <source>Export into an empty folder</source>
        <translation>Exporter dans un répertoire vide</translation>
    </message>
    <message>
        <source>Nothing to export: the case has no tickets. Add tickets to it first.</source>
        <translation>Rien à exporter : le dossier n’a aucun ticket. Ajoutez-y d’abord des tickets.</translation>
    </message>
    <message>
        <source>Nothing to export: no ticket is selected, flagged or listed.</source>
        <translation>Rien à exporter : aucun ticket n’est sélectionné, signalé ou listé.</translation>
    </message>
</context>
<context>
    <name>ExportGaps</name>
    <message numerus="yes">
        <source>Exported %n ticket(s) to {folder}, but some of their video evidence is missing.</source>
        <translation>
            <numerusform>%n ticket exporté dans {folder}, mais une partie de ses preuves vidéo manque.</numerusform>
            <numerusform>%n tickets exportés dans {folder}, mais une partie de leurs preuves vidéo manque.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n ticket(s) to {folder}, but some snapshots have no hash recorded.</source>
        <translation>
            <numerusform>%n ticket exporté dans {folder}, mais certaines captures n’ont pas d’empreinte enregistrée.</numerusform>
            <numerusform>%n tickets exportés dans {folder}, mais certaines captures n’ont pas d’empreinte enregistrée.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ticket {ticket}: {reason}</source>
        <translation>Ticket {ticket} : {reason}</translation>
    </message>
    <message numerus="yes">
        <source>And %Ln more snapshot(s) left out: export.json in that folder lists each under snapshot_failures, with its reason.</source>
        <translation>
            <numerusform>Et %Ln autre capture écartée : export.json, dans ce dossier, la nomme sous snapshot_failures, avec sa raison.</numerusform>
            <numerusform>Et %Ln autres captures écartées : export.json, dans ce dossier, nomme chacune sous snapshot_failures, avec sa raison.</numerusform>
        </translation>
    </message>
    <message>
        <source>{file} (ticket {ticket})</source>
        <translation>{file} (ticket {ticket})</translation>
    </message>
    <message numerus="yes">
        <source>{files}, and %Ln more (export.json in that folder lists each under snapshots)</source>
        <translation>
            <numerusform>{files}, et %Ln autre (export.json, dans ce dossier, la nomme sous snapshots)</numerusform>
            <numerusform>{files}, et %Ln autres (export.json, dans ce dossier, nomme chacune sous snapshots)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln snapshot(s) exported with no hash recorded (no SHA-256 and no audit-trail entry, as for one taken before OWS Desktop recorded them; that cannot be verified), marked so: they cannot be shown to be the pictures taken: {files}</source>
        <translation>
            <numerusform>%Ln capture exportée sans empreinte enregistrée (ni SHA-256 ni entrée au journal d’audit, comme pour une capture prise avant qu’OWS Desktop ne les enregistre ; cela ne peut pas être vérifié), marquée comme telle : rien ne montre que c’est l’image prise : {files}</numerusform>
            <numerusform>%Ln captures exportées sans empreinte enregistrée (ni SHA-256 ni entrée au journal d’audit, comme pour des captures prises avant qu’OWS Desktop ne les enregistre ; cela ne peut pas être vérifié), marquées comme telles : rien ne montre que ce sont les images prises : {files}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln video clip(s) missing: {reason}</source>
        <translation>
            <numerusform>%Ln extrait vidéo manquant : {reason}</numerusform>
            <numerusform>%Ln extraits vidéo manquants : {reason}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln camera snapshot(s) missing: {reason}</source>
        <translation>
            <numerusform>%Ln image de caméra manquante : {reason}</numerusform>
            <numerusform>%Ln images de caméra manquantes : {reason}</numerusform>
        </translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucune raison donnée</translation>
    </message>
    <message numerus="yes">
        <source>And %Ln more reason(s): export.json in that folder lists each missing clip (under clips) and snapshot (under snapshot_failures) with its reason.</source>
        <translation>
            <numerusform>Et %Ln autre raison : export.json, dans ce dossier, liste chaque extrait vidéo (sous clips) et chaque image (sous snapshot_failures) manquants, avec sa raison.</numerusform>
            <numerusform>Et %Ln autres raisons : export.json, dans ce dossier, liste chaque extrait vidéo (sous clips) et chaque image (sous snapshot_failures) manquants, avec sa raison.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FieldEditors</name>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Choose {lower}</source>
        <translation>Choisir {lower}</translation>
    </message>
</context>
<context>
    <name>FieldPage</name>
    <message>
        <source>{title} preferences</source>
        <translation>Préférences : {title}</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Search receipts</source>
        <translation>Rechercher des tickets</translation>
    </message>
    <message>
        <source>Search receipts: item, SKU, operator, ticket #, register…</source>
        <translation>Rechercher : article, référence, opérateur, n° de ticket, caisse…</translation>
    </message>
    <message>
        <source>Time filter</source>
        <translation>Filtre de période</translation>
    </message>
    <message>
        <source>Tickets from day</source>
        <translation>Tickets à partir du jour</translation>
    </message>
    <message>
        <source>Tickets to day</source>
        <translation>Tickets jusqu’au jour</translation>
    </message>
    <message>
        <source>Min total</source>
        <translation>Total min.</translation>
    </message>
    <message>
        <source>Max total</source>
        <translation>Total max.</translation>
    </message>
    <message>
        <source>Flagged only</source>
        <translation>Signalés seulement</translation>
    </message>
    <message>
        <source>Exception rule filter</source>
        <translation>Filtre de règle d’exception</translation>
    </message>
    <message numerus="yes">
        <source>Any of %n exception(s)  ✕</source>
        <translation>
            <numerusform>L’une de %n exception  ✕</numerusform>
            <numerusform>L’une des %n exceptions  ✕</numerusform>
        </translation>
    </message>
    <message>
        <source>Only tickets where one of these exception rules fired: {titles}. Click to remove this filter.</source>
        <translation>Seulement les tickets où l’une de ces règles d’exception s’est déclenchée : {titles}. Cliquez pour retirer ce filtre.</translation>
    </message>
    <message>
        <source>Only tickets where this exception rule fired. Click to remove this filter.</source>
        <translation>Seulement les tickets où cette règle d’exception s’est déclenchée. Cliquez pour retirer ce filtre.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
    <message>
        <source>Only tickets that started in this period</source>
        <translation>Seulement les tickets commencés dans cette période</translation>
    </message>
    <message>
        <source>Exception: {rule_title}  ✕</source>
        <translation>Exception : {rule_title}  ✕</translation>
    </message>
    <message>
        <source>The min total is above the max total: no ticket can match</source>
        <translation>Le total minimum est supérieur au total maximum : aucun ticket ne peut correspondre</translation>
    </message>
</context>
<context>
    <name>FilterState</name>
    <message>
        <source>store {location}</source>
        <translation>magasin {location}</translation>
    </message>
    <message>
        <source>register {terminal}</source>
        <translation>caisse {terminal}</translation>
    </message>
    <message>
        <source>operator {operator}</source>
        <translation>opérateur {operator}</translation>
    </message>
    <message>
        <source>status {status}</source>
        <translation>statut {status}</translation>
    </message>
    <message>
        <source>total {low} to {high}</source>
        <translation>total de {low} à {high}</translation>
    </message>
    <message>
        <source>total ≥ {low}</source>
        <translation>total ≥ {low}</translation>
    </message>
    <message>
        <source>total ≤ {high}</source>
        <translation>total ≤ {high}</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>du {start} au {end}</translation>
    </message>
    <message>
        <source>exception “{rule}”</source>
        <translation>exception « {rule} »</translation>
    </message>
    <message>
        <source>any of the exceptions {rules}</source>
        <translation>l’une des exceptions {rules}</translation>
    </message>
    <message>
        <source>flagged only</source>
        <translation>signalés seulement</translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Flag {value}</source>
        <translation>Signaler {value}</translation>
    </message>
    <message>
        <source>Flag {count} tickets</source>
        <translation>Signaler {count} tickets</translation>
    </message>
    <message>
        <source>Choose a category or type your own reason</source>
        <translation>Choisissez une catégorie ou saisissez votre propre motif</translation>
    </message>
    <message>
        <source> (empty: keep each ticket&apos;s reason)</source>
        <translation> (vide : garder le motif de chaque ticket)</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Keep each ticket&apos;s state (new flags: To review)</source>
        <translation>Garder l’état de chaque ticket (nouveaux signalements : À examiner)</translation>
    </message>
    <message>
        <source>Review state</source>
        <translation>État d’examen</translation>
    </message>
    <message>
        <source>Add a note (optional). Notes are kept with your user name and time and are never edited.</source>
        <translation>Ajoutez une note (facultatif). Les notes sont conservées avec votre nom d’utilisateur et l’heure, et ne sont jamais modifiées.</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>Nouvelle note</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Motif</translation>
    </message>
    <message>
        <source>&amp;State</source>
        <translation>&amp;État</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <source>Internal id (for the command line): {ids}</source>
        <translation>Identifiant interne (pour la ligne de commande) : {ids}</translation>
    </message>
    <message>
        <source>The same reason, state and note go to all {count} tickets: {escape}</source>
        <translation>Le même motif, le même état et la même note s’appliquent aux {count} tickets : {escape}</translation>
    </message>
    <message>
        <source>Internal ids (for the command line): {ids}</source>
        <translation>Identifiants internes (pour la ligne de commande) : {ids}</translation>
    </message>
    <message>
        <source>Notes and audit trail</source>
        <translation>Notes et journal d’audit</translation>
    </message>
    <message>
        <source>History (notes and every change, oldest first)</source>
        <translation>Historique (notes et chaque modification, les plus anciennes d’abord)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Signaler</translation>
    </message>
    <message>
        <source>Remove flag</source>
        <translation>Retirer le signalement</translation>
    </message>
    <message>
        <source>Reason too long</source>
        <translation>Motif trop long</translation>
    </message>
    <message>
        <source>A flag reason is a short label of at most {limit} characters (this one has {length}); put the details in the note.</source>
        <translation>Un motif de signalement est une courte étiquette d’au plus {limit} caractères (celui-ci en a {length}) ; mettez les détails dans la note.</translation>
    </message>
    <message>
        <source>Remove the flags?</source>
        <translation>Retirer les signalements ?</translation>
    </message>
    <message numerus="yes">
        <source>Remove the flags from %Ln ticket(s)? Their reasons, review states and notes no longer show in the list and the exports; the audit trail keeps them.</source>
        <translation>
            <numerusform>Retirer le signalement de %Ln ticket ? Son motif, son état de revue et ses notes n’apparaissent plus dans la liste ni dans les exports ; le journal d’audit les conserve.</numerusform>
            <numerusform>Retirer les signalements de %Ln tickets ? Leurs motifs, états de revue et notes n’apparaissent plus dans la liste ni dans les exports ; le journal d’audit les conserve.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard the note?</source>
        <translation>Abandonner la note ?</translation>
    </message>
    <message>
        <source>Discard the note you typed? Nothing of this dialog is saved.</source>
        <translation>Abandonner la note que vous avez saisie ? Rien de cette fenêtre n’est enregistré.</translation>
    </message>
</context>
<context>
    <name>FlaggedFilterBar</name>
    <message>
        <source>Flag reason filter</source>
        <translation>Filtre du motif de signalement</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Show flagged tickets in state “{value}” (none checked: every state)</source>
        <translation>Afficher les tickets signalés dans l’état « {value} » (aucun coché : tous les états)</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Opening the log folder: {folder}</source>
        <translation>Ouverture du dossier des journaux : {folder}</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Dossier des journaux</translation>
    </message>
    <message>
        <source>This session writes no log file (it logs to the terminal only).</source>
        <translation>Cette session n’écrit aucun fichier journal (elle journalise dans le terminal seulement).</translation>
    </message>
    <message>
        <source>No file manager opened the log folder. The log files are in:
{folder}</source>
        <translation>Aucun gestionnaire de fichiers n’a ouvert le dossier des journaux. Les fichiers journaux sont dans :
{folder}</translation>
    </message>
    <message>
        <source>Log files: {folder}</source>
        <translation>Fichiers journaux : {folder}</translation>
    </message>
    <message>
        <source>About OWS Desktop</source>
        <translation>À propos d’OWS Desktop</translation>
    </message>
    <message>
        <source>Loss-prevention review workstation for OpenEye Web Services point-of-sale tickets.</source>
        <translation>Poste de travail de prévention des pertes : l’examen des tickets de caisse d’OpenEye Web Services.</translation>
    </message>
</context>
<context>
    <name>JsonTreeModel</name>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
</context>
<context>
    <name>LiveLink</name>
    <message>
        <source>Live updates paused (reconnecting): {message}</source>
        <translation>Mises à jour en direct suspendues (reconnexion) : {message}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workspace</source>
        <translation>Espace de travail</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>{where} — OWS Desktop</source>
        <translation>{where} — OWS Desktop</translation>
    </message>
    <message>
        <source>The ticket cache could not be read.</source>
        <translation>Le cache des tickets n’a pas pu être lu.</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Synchroniser</translation>
    </message>
    <message>
        <source>Fetch tickets from OWS</source>
        <translation>Récupérer les tickets depuis OWS</translation>
    </message>
    <message>
        <source>&amp;Cancel sync</source>
        <translation>&amp;Annuler la synchronisation</translation>
    </message>
    <message>
        <source>Stop the running sync</source>
        <translation>Arrêter la synchronisation en cours</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>Search the receipts</source>
        <translation>Rechercher dans les tickets</translation>
    </message>
    <message>
        <source>C&amp;lear filters</source>
        <translation>&amp;Effacer les filtres</translation>
    </message>
    <message>
        <source>Show every receipt</source>
        <translation>Afficher tous les tickets</translation>
    </message>
    <message>
        <source>&amp;Next receipt</source>
        <translation>Ticket &amp;suivant</translation>
    </message>
    <message>
        <source>Select the next receipt (or ↓)</source>
        <translation>Sélectionner le ticket suivant (ou ↓)</translation>
    </message>
    <message>
        <source>&amp;Previous receipt</source>
        <translation>Ticket &amp;précédent</translation>
    </message>
    <message>
        <source>Select the previous receipt (or ↑)</source>
        <translation>Sélectionner le ticket précédent (ou ↑)</translation>
    </message>
    <message>
        <source>&amp;Receipts</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Utilisateurs</translation>
    </message>
    <message>
        <source>Show &amp;raw JSON</source>
        <translation>Afficher le JSON &amp;brut</translation>
    </message>
    <message>
        <source>Switch the receipt panel between the receipt and its raw JSON</source>
        <translation>Basculer le panneau entre le ticket et son JSON brut</translation>
    </message>
    <message>
        <source>&amp;Flag / unflag ticket</source>
        <translation>&amp;Signaler / ne plus signaler le ticket</translation>
    </message>
    <message>
        <source>Flag the selected ticket for investigation, or remove its flag</source>
        <translation>Signaler le ticket sélectionné pour enquête, ou retirer son signalement</translation>
    </message>
    <message>
        <source>Flag &amp;selected tickets…</source>
        <translation>Signaler les tickets &amp;sélectionnés…</translation>
    </message>
    <message>
        <source>Flag every selected ticket with a reason, a review state and a note</source>
        <translation>Signaler chaque ticket sélectionné avec un motif, un état d’examen et une note</translation>
    </message>
    <message>
        <source>Copy ticket &amp;ID</source>
        <translation>Copier l’&amp;identifiant du ticket</translation>
    </message>
    <message>
        <source>Copy the selected tickets&apos; IDs, one a line</source>
        <translation>Copier les identifiants des tickets sélectionnés, un par ligne</translation>
    </message>
    <message>
        <source>&amp;Exceptions</source>
        <translation>E&amp;xceptions</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <source>&amp;Export evidence…</source>
        <translation>E&amp;xporter les preuves…</translation>
    </message>
    <message>
        <source>Export the flagged tickets (with &apos;Flagged only&apos; on) or the current search as CSV, JSON or a PDF case report, with a SHA-256 manifest</source>
        <translation>Exporter les tickets signalés (avec « Signalés seulement » coché) ou la recherche actuelle en CSV, JSON ou rapport de dossier PDF, avec un manifeste SHA-256</translation>
    </message>
    <message>
        <source>Terminals and &amp;cameras…</source>
        <translation>Caisses et &amp;caméras…</translation>
    </message>
    <message>
        <source>Map the cameras that film each register (at most 4, one primary)</source>
        <translation>Associer les caméras qui filment chaque caisse (4 au plus, dont une principale)</translation>
    </message>
    <message>
        <source>&amp;Edit connection…</source>
        <translation>&amp;Modifier la connexion…</translation>
    </message>
    <message>
        <source>Change the API Access URL, key or secret</source>
        <translation>Modifier l’API Access URL, la clé ou le secret</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>Forget the stored API key on this computer</source>
        <translation>Oublier la clé d’API enregistrée sur cet ordinateur</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Ouvrir le dossier des &amp;journaux</translation>
    </message>
    <message>
        <source>&amp;About OWS Desktop</source>
        <translation>À &amp;propos d’OWS Desktop</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Every key the menus answer to</source>
        <translation>Toutes les touches auxquelles répondent les menus</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>Terminals and cameras</source>
        <translation>Caisses et caméras</translation>
    </message>
</context>
<context>
    <name>MappingPanel</name>
    <message>
        <source>Search terminals</source>
        <translation>Rechercher des caisses</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Add the chosen cameras to the terminal</source>
        <translation>Ajouter les caméras choisies à la caisse</translation>
    </message>
    <message>
        <source>Remove the chosen cameras from the terminal</source>
        <translation>Retirer les caméras choisies de la caisse</translation>
    </message>
    <message>
        <source>Not selected</source>
        <translation>Non sélectionnées</translation>
    </message>
    <message>
        <source>Seconds to add to the register&apos;s clock to get the recorder&apos;s clock
(positive when the POS clock is behind the recorder)</source>
        <translation>Secondes à ajouter à l’horloge de la caisse pour obtenir celle de l’enregistreur
(positif quand l’horloge de la caisse retarde sur l’enregistreur)</translation>
    </message>
    <message>
        <source>POS clock offset</source>
        <translation>Décalage de l’horloge de caisse</translation>
    </message>
    <message>
        <source>New camera…</source>
        <translation>Nouvelle caméra…</translation>
    </message>
    <message>
        <source>Edit camera…</source>
        <translation>Modifier la caméra…</translation>
    </message>
    <message>
        <source>Delete camera</source>
        <translation>Supprimer la caméra</translation>
    </message>
    <message>
        <source>Choose a camera in the Not selected list first.</source>
        <translation>Choisissez d’abord une caméra dans la liste Non sélectionnées.</translation>
    </message>
    <message>
        <source>Choose a camera in the Selected list first.</source>
        <translation>Choisissez d’abord une caméra dans la liste Sélectionnées.</translation>
    </message>
    <message>
        <source>deleting the camera “{name}”</source>
        <translation>la suppression de la caméra « {name} »</translation>
    </message>
    <message>
        <source>the cameras added to {terminal}</source>
        <translation>les caméras ajoutées à {terminal}</translation>
    </message>
    <message>
        <source>the cameras removed from {terminal}</source>
        <translation>les caméras retirées de {terminal}</translation>
    </message>
    <message>
        <source>the main camera of {terminal}</source>
        <translation>la caméra principale de {terminal}</translation>
    </message>
    <message>
        <source>the clock offset of {terminal}</source>
        <translation>le décalage de l’horloge de {terminal}</translation>
    </message>
    <message>
        <source>No terminal yet: sync tickets, or import a mapping file.</source>
        <translation>Aucune caisse pour l’instant : synchronisez des tickets ou importez un fichier d’association.</translation>
    </message>
    <message>
        <source>Selected ({count} of {most})</source>
        <translation>Sélectionnées ({count} sur {most})</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>NetworkFailureProbe</name>
    <message>
        <source>no answer from the camera in {value} s</source>
        <translation>pas de réponse de la caméra en {value} s</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>&amp;No proxy</source>
        <translation>&amp;Aucun proxy</translation>
    </message>
    <message>
        <source>Use the &amp;system&apos;s proxy settings</source>
        <translation>Utiliser les réglages de proxy du &amp;système</translation>
    </message>
    <message>
        <source>&amp;Manual proxy:</source>
        <translation>Proxy ma&amp;nuel :</translation>
    </message>
    <message>
        <source>Requests go straight to OWS.</source>
        <translation>Les requêtes vont directement à OWS.</translation>
    </message>
    <message>
        <source>The proxy this computer is set to use: the HTTPS_PROXY or HTTP_PROXY environment variable, or the proxy of the Windows or macOS network settings.</source>
        <translation>Le proxy que cet ordinateur est réglé pour utiliser : la variable d’environnement HTTPS_PROXY ou HTTP_PROXY, ou le proxy des réglages réseau de Windows ou de macOS.</translation>
    </message>
    <message>
        <source>The proxy given below, with its login if it asks for one.</source>
        <translation>Le proxy indiqué ci-dessous, avec son identifiant s’il en demande un.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <source>Network preferences</source>
        <translation>Préférences réseau</translation>
    </message>
    <message>
        <source>How requests to OWS reach it. Used by the next request. Requests to this computer (localhost) never go through a proxy.</source>
        <translation>Comment les requêtes atteignent OWS. Utilisé dès la prochaine requête. Les requêtes vers cet ordinateur (localhost) ne passent jamais par un proxy.</translation>
    </message>
    <message>
        <source>The {PROXY_ENV} environment variable is set: it is used instead of these settings.</source>
        <translation>La variable d’environnement {PROXY_ENV} est définie : elle est utilisée à la place de ces réglages.</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte :</translation>
    </message>
    <message>
        <source>The proxy&apos;s host name or address.</source>
        <translation>Le nom d’hôte ou l’adresse du proxy.</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port :</translation>
    </message>
    <message>
        <source>The proxy&apos;s port, 1 to 65535.</source>
        <translation>Le port du proxy, de 1 à 65535.</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>Nom d’&amp;utilisateur :</translation>
    </message>
    <message>
        <source>Only when the proxy asks for a login.</source>
        <translation>Seulement si le proxy demande une identification.</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>Kept in the operating system&apos;s keyring, never in the settings file.</source>
        <translation>Conservé dans le trousseau du système, jamais dans le fichier de réglages.</translation>
    </message>
    <message>
        <source>reading the keyring…</source>
        <translation>lecture du trousseau…</translation>
    </message>
    <message>
        <source>stored in the keyring</source>
        <translation>conservé dans le trousseau</translation>
    </message>
    <message>
        <source>Enter the user name that goes with the proxy password, or clear the password.</source>
        <translation>Saisissez le nom d’utilisateur qui va avec le mot de passe du proxy, ou effacez le mot de passe.</translation>
    </message>
    <message>
        <source>No keyring is available to keep the proxy password; leave it empty.</source>
        <translation>Aucun trousseau n’est disponible pour conserver le mot de passe du proxy ; laissez-le vide.</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Nouveau dossier</translation>
    </message>
</context>
<context>
    <name>OriginalSale</name>
    <message>
        <source>The sale {id} could not be looked up: {exc}</source>
        <translation>La vente {id} n’a pas pu être recherchée : {exc}</translation>
    </message>
    <message>
        <source>The sale {id} is not among the synced tickets: sync the days it was rung up.</source>
        <translation>La vente {id} n’est pas dans les tickets synchronisés : synchronisez les jours où elle a été enregistrée.</translation>
    </message>
    <message>
        <source>Showing the sale {id} that the refund returns.</source>
        <translation>Affichage de la vente {id} que le remboursement annule.</translation>
    </message>
    <message>
        <source>The sale {id} is stored, but a search for its id does not list it.</source>
        <translation>La vente {id} est enregistrée, mais une recherche sur son identifiant ne la liste pas.</translation>
    </message>
</context>
<context>
    <name>Playback</name>
    <message>
        <source>★ {name} (primary)</source>
        <translation>★ {name} (principale)</translation>
    </message>
    <message>
        <source>No recording at {time_text} on this camera</source>
        <translation>Pas d’enregistrement à {time_text} sur cette caméra</translation>
    </message>
    <message>
        <source>The camera mapping could not be read: {exc}</source>
        <translation>L’association des caméras n’a pas pu être lue : {exc}</translation>
    </message>
    <message>
        <source>terminal {value}</source>
        <translation>la caisse {value}</translation>
    </message>
    <message>
        <source> at {location}</source>
        <translation> du magasin {location}</translation>
    </message>
    <message>
        <source>Map up to 4 cameras to {where} to see its video here.</source>
        <translation>Associez jusqu’à 4 caméras à {where} pour voir sa vidéo ici.</translation>
    </message>
    <message>
        <source>Reading the camera&apos;s password from the keyring…</source>
        <translation>Lecture du mot de passe de la caméra dans le trousseau…</translation>
    </message>
    <message>
        <source>{name}
Cannot play: {exc}</source>
        <translation>{name}
Lecture impossible : {exc}</translation>
    </message>
    <message>
        <source>All {cameras_count} cameras of the terminal</source>
        <translation>Les {cameras_count} caméras de la caisse</translation>
    </message>
</context>
<context>
    <name>PlayerController</name>
    <message>
        <source>the stream ended before showing any picture</source>
        <translation>le flux s’est terminé avant d’afficher une image</translation>
    </message>
    <message>
        <source>the stream could not be opened</source>
        <translation>le flux n’a pas pu être ouvert</translation>
    </message>
    <message>
        <source>no picture from the camera in {seconds:g} s</source>
        <translation>aucune image de la caméra en {seconds:g} s</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>Preference pages</source>
        <translation>Pages de préférences</translation>
    </message>
    <message>
        <source>Choose a page; its settings show on the right.</source>
        <translation>Choisissez une page ; ses réglages s’affichent à droite.</translation>
    </message>
    <message>
        <source>Restore &amp;Defaults</source>
        <translation>&amp;Rétablir les valeurs par défaut</translation>
    </message>
    <message>
        <source>Put back the default values of the page shown (saved on OK)</source>
        <translation>Remettre les valeurs par défaut de la page affichée (enregistrées avec OK)</translation>
    </message>
    <message>
        <source>Saving the proxy password in the keyring…</source>
        <translation>Enregistrement du mot de passe du proxy dans le trousseau…</translation>
    </message>
</context>
<context>
    <name>PreferencesLink</name>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <source>Sync, video, rules, display, evidence and network</source>
        <translation>Synchronisation, vidéo, règles, affichage, preuves et réseau</translation>
    </message>
    <message>
        <source>Preferences saved. The language changes the next time OWS Desktop starts.</source>
        <translation>Préférences enregistrées. La langue change au prochain démarrage d&apos;OWS Desktop.</translation>
    </message>
</context>
<context>
    <name>RangeHint</name>
    <message>
        <source>At most {high}.</source>
        <translation>{high} au maximum.</translation>
    </message>
    <message>
        <source>At least {low}.</source>
        <translation>{low} au minimum.</translation>
    </message>
    <message numerus="yes">
        <source>At most %Ln decimal(s).</source>
        <translation>
            <numerusform>%Ln décimale au maximum.</numerusform>
            <numerusform>%Ln décimales au maximum.</numerusform>
        </translation>
    </message>
    <message>
        <source>A number from {low} to {high}.</source>
        <translation>Un nombre de {low} à {high}.</translation>
    </message>
</context>
<context>
    <name>ReceiptPanel</name>
    <message>
        <source>Receipt panel</source>
        <translation>Panneau du ticket</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Raw ticket data</source>
        <translation>Données brutes du ticket</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Brut</translation>
    </message>
    <message>
        <source>The ticket exactly as OWS sent it</source>
        <translation>Le ticket exactement tel qu’OWS l’a envoyé</translation>
    </message>
    <message>
        <source>Select a receipt to see it here.</source>
        <translation>Sélectionnez un ticket pour le voir ici.</translation>
    </message>
</context>
<context>
    <name>ReceiptsPage</name>
    <message>
        <source>newest first</source>
        <translation>les plus récents d’abord</translation>
    </message>
    <message>
        <source>oldest first</source>
        <translation>les plus anciens d’abord</translation>
    </message>
    <message>
        <source>descending</source>
        <translation>décroissant</translation>
    </message>
    <message>
        <source>ascending</source>
        <translation>croissant</translation>
    </message>
    <message>
        <source>sorted by {name}, {order}</source>
        <translation>triés par {name}, {order}</translation>
    </message>
    <message>
        <source> · in the order they happened, each row in its store&apos;s clock</source>
        <translation> · dans l&apos;ordre où ils ont eu lieu, chaque ligne à l&apos;heure de son magasin</translation>
    </message>
    <message>
        <source>No receipt selected.</source>
        <translation>Aucun ticket sélectionné.</translation>
    </message>
    <message>
        <source>No receipt selected: no ticket matches the filters.</source>
        <translation>Aucun ticket sélectionné : aucun ticket ne correspond aux filtres.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln receipt(s) selected: click one to see it here.</source>
        <translation>
            <numerusform>%Ln ticket sélectionné : cliquez sur un ticket pour l’afficher ici.</numerusform>
            <numerusform>%Ln tickets sélectionnés : cliquez sur un ticket pour l’afficher ici.</numerusform>
        </translation>
    </message>
    <message>
        <source>This receipt could not be read: {exc}</source>
        <translation>Ce ticket n’a pas pu être lu : {exc}</translation>
    </message>
    <message>
        <source>time</source>
        <translation>heure</translation>
    </message>
    <message>
        <source>store</source>
        <translation>magasin</translation>
    </message>
    <message>
        <source>register</source>
        <translation>caisse</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>opérateur</translation>
    </message>
    <message>
        <source>status</source>
        <translation>statut</translation>
    </message>
    <message>
        <source>items</source>
        <translation>articles</translation>
    </message>
    <message>
        <source>total</source>
        <translation>total</translation>
    </message>
</context>
<context>
    <name>RemoveQuestion</name>
    <message>
        <source>Remove from case {number}</source>
        <translation>Retirer du dossier {number}</translation>
    </message>
    <message numerus="yes">
        <source>Remove %Ln ticket(s) from case {number}?

{tickets}

The tickets stay on this computer. The case&apos;s history records the removal; Add to case puts a ticket back.</source>
        <translation>
            <numerusform>Retirer %Ln ticket du dossier {number} ?

{tickets}

Le ticket reste sur cet ordinateur. L’historique du dossier garde trace du retrait ; Ajouter à un dossier le remet.</numerusform>
            <numerusform>Retirer %Ln tickets du dossier {number} ?

{tickets}

Les tickets restent sur cet ordinateur. L’historique du dossier garde trace du retrait ; Ajouter à un dossier remet un ticket.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
</context>
<context>
    <name>ReviewActions</name>
    <message>
        <source>Nothing flagged: select a receipt in the list first.</source>
        <translation>Rien de signalé : sélectionnez d’abord un ticket dans la liste.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing flagged: F flags the receipt shown. Click one of the %Ln selected receipt(s), or press Shift+F to flag them all.</source>
        <translation>
            <numerusform>Rien n’a été signalé : F signale le ticket affiché. Cliquez sur le %Ln ticket sélectionné pour l’afficher, ou appuyez sur Maj+F pour le signaler.</numerusform>
            <numerusform>Rien n’a été signalé : F signale le ticket affiché. Cliquez sur l’un des %Ln tickets sélectionnés, ou appuyez sur Maj+F pour les signaler tous.</numerusform>
        </translation>
    </message>
    <message>
        <source>The flag on {label} could not be saved: {message}</source>
        <translation>Le signalement de {label} n’a pas pu être enregistré : {message}</translation>
    </message>
    <message>
        <source>the flag change on {labels}</source>
        <translation>la modification du signalement de {labels}</translation>
    </message>
    <message>
        <source>Nothing copied: select a receipt in the list first.</source>
        <translation>Rien n’a été copié : sélectionnez d’abord un ticket dans la liste.</translation>
    </message>
    <message>
        <source>Copied the ticket ID {key}</source>
        <translation>Identifiant du ticket {key} copié</translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln ticket IDs</source>
        <translation>
            <numerusform>%Ln identifiant de ticket copié</numerusform>
            <numerusform>%Ln identifiants de ticket copiés</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the flag?</source>
        <translation>Retirer le signalement ?</translation>
    </message>
    <message>
        <source>Remove the flag from {label}?
{flag}
Its notes and history stay in the audit trail.</source>
        <translation>Retirer le signalement de {label} ?
{flag}
Ses notes et son historique restent dans la piste d’audit.</translation>
    </message>
    <message>
        <source>Nothing changed: the flag on {label} could not be read: {message}</source>
        <translation>Rien n’a changé : le signalement de {label} n’a pas pu être lu : {message}</translation>
    </message>
    <message>
        <source>Ticket {key}</source>
        <translation>Ticket {key}</translation>
    </message>
    <message>
        <source>{label} flagged for review</source>
        <translation>{label} signalé pour examen</translation>
    </message>
    <message>
        <source>Flag removed from {label}</source>
        <translation>Signalement retiré de {label}</translation>
    </message>
    <message numerus="yes">
        <source>{text} (only this one: Shift+F flags all %Ln selected)</source>
        <translation>
            <numerusform>{text} (celui-ci seulement : Maj+F signale le %Ln ticket sélectionné)</numerusform>
            <numerusform>{text} (celui-ci seulement : Maj+F signale les %Ln tickets sélectionnés)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing flagged: select one or more receipts in the list first.</source>
        <translation>Rien de signalé : sélectionnez d’abord un ou plusieurs tickets dans la liste.</translation>
    </message>
    <message>
        <source>The flags could not be saved: {message}</source>
        <translation>Les signalements n’ont pas pu être enregistrés : {message}</translation>
    </message>
    <message>
        <source> and {value} more</source>
        <translation> et {value} autres</translation>
    </message>
    <message>
        <source>Flag removed from</source>
        <translation>Signalement retiré de</translation>
    </message>
    <message>
        <source>Flag updated on</source>
        <translation>Signalement modifié sur</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Signalé</translation>
    </message>
    <message>
        <source>{labels_count} tickets: </source>
        <translation>{labels_count} tickets : </translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>Rules</source>
        <translation>Règles</translation>
    </message>
    <message>
        <source>Rules preferences</source>
        <translation>Préférences des règles</translation>
    </message>
    <message>
        <source>Used by the next rule run, in this window (Exceptions ▸ Re-run rules) and on the command line; weights change the ranking at once.</source>
        <translation>Utilisé lors de la prochaine application des règles, dans cette fenêtre (Exceptions ▸ Réappliquer les règles) et en ligne de commande ; les poids changent le classement immédiatement.</translation>
    </message>
    <message>
        <source>Exception rules</source>
        <translation>Règles d’exception</translation>
    </message>
</context>
<context>
    <name>SelectedCamerasModel</name>
    <message>
        <source>Camera</source>
        <translation>Caméra</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>The primary camera plays first when a receipt is shown</source>
        <translation>La caméra principale est lue en premier quand un ticket est affiché</translation>
    </message>
    <message>
        <source>Check to make this the terminal&apos;s primary camera</source>
        <translation>Cochez pour en faire la caméra principale de la caisse</translation>
    </message>
    <message>
        <source>{name}
{display_url}
id {id}</source>
        <translation>{name}
{display_url}
id {id}</translation>
    </message>
    <message>
        <source>A terminal always has one primary camera: check another camera to make it the primary.</source>
        <translation>Une caisse a toujours une caméra principale : cochez une autre caméra pour en faire la principale.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Menu item</source>
        <translation>Élément de menu</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
</context>
<context>
    <name>StartChoiceDialog</name>
    <message>
        <source>Open another connection</source>
        <translation>Ouvrir une autre connexion</translation>
    </message>
    <message>
        <source>The connection “{name}” did not open. Which connection should open?</source>
        <translation>La connexion « {name} » ne s’est pas ouverte. Quelle connexion ouvrir ?</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Connexions enregistrées</translation>
    </message>
    <message>
        <source>It becomes the connection OWS Desktop opens at start-up once its window has opened. ows-desktop gui --connection NAME opens one from the command line.</source>
        <translation>Elle devient la connexion qu’OWS Desktop ouvre au démarrage une fois sa fenêtre ouverte. ows-desktop gui --connection NOM en ouvre une depuis la ligne de commande.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>StoreAway</name>
    <message>
        <source>a change</source>
        <translation>une modification</translation>
    </message>
    <message>
        <source>The connection to the team store dropped. Reconnecting…</source>
        <translation>La connexion à la base d’équipe est interrompue. Reconnexion…</translation>
    </message>
    <message>
        <source>The team store is back: make again what was not saved while it was away.</source>
        <translation>La base d’équipe répond de nouveau : refaites ce qui n’a pas été enregistré pendant son absence.</translation>
    </message>
    <message>
        <source>Not saved: the team store&apos;s server cannot be reached.</source>
        <translation>Non enregistré : le serveur de la base d’équipe est injoignable.</translation>
    </message>
    <message>
        <source>Perhaps not saved: the connection to the team store dropped.</source>
        <translation>Peut-être non enregistré : la connexion à la base d’équipe a été interrompue.</translation>
    </message>
    <message>
        <source>The exception rules did not run: the team store&apos;s server cannot be reached.</source>
        <translation>Les règles d’exception ne se sont pas exécutées : le serveur de la base d’équipe est injoignable.</translation>
    </message>
    <message>
        <source>Not saved: {changes}.</source>
        <translation>Non enregistré : {changes}.</translation>
    </message>
    <message>
        <source>Perhaps saved, in part or whole (the connection dropped while it was being saved): {changes}. Check what was saved before you make it again.</source>
        <translation>Peut-être enregistré, en tout ou en partie (la connexion a été interrompue pendant l’enregistrement) : {changes}. Vérifiez ce qui a été enregistré avant de le refaire.</translation>
    </message>
    <message>
        <source>Not finished: the re-run of the exception rules (Exceptions ▸ Re-run rules on all tickets).</source>
        <translation>Non terminé : la réapplication des règles d’exception (Exceptions ▸ Réappliquer les règles à tous les tickets).</translation>
    </message>
    <message>
        <source>The store answers again: do it now.</source>
        <translation>La base répond de nouveau : refaites-le maintenant.</translation>
    </message>
    <message>
        <source>Try again once this banner says the store is back.</source>
        <translation>Réessayez quand ce bandeau indique que la base répond de nouveau.</translation>
    </message>
    <message>
        <source>{message} The table keeps what it shows, which may be out of date; it is read again as soon as the store answers.</source>
        <translation>{message} Le tableau garde ce qu’il affiche, qui n’est peut-être plus à jour ; il est relu dès que la base répond.</translation>
    </message>
</context>
<context>
    <name>StorePasswordDialog</name>
    <message>
        <source>Team store password</source>
        <translation>Mot de passe de la base d’équipe</translation>
    </message>
    <message>
        <source>The team store {place} refused that password too.</source>
        <translation>La base d’équipe {place} a refusé ce mot de passe aussi.</translation>
    </message>
    <message>
        <source>The team store {place} refused the password of {role}.</source>
        <translation>La base d’équipe {place} a refusé le mot de passe de {role}.</translation>
    </message>
    <message>
        <source>Type the password of {role} to open it.</source>
        <translation>Saisissez le mot de passe de {role} pour l’ouvrir.</translation>
    </message>
    <message>
        <source>Password of {role}</source>
        <translation>Mot de passe de {role}</translation>
    </message>
    <message>
        <source>Remember in the keyring</source>
        <translation>Mémoriser dans le trousseau</translation>
    </message>
    <message>
        <source>Save it in the OS keyring, as ows-desktop store password does; the next start uses it.</source>
        <translation>L’enregistrer dans le trousseau du système, comme le fait ows-desktop store password ; le prochain démarrage l’utilisera.</translation>
    </message>
</context>
<context>
    <name>SyncBar</name>
    <message>
        <source>Sync tickets received</source>
        <translation>Synchroniser les tickets reçus</translation>
    </message>
    <message>
        <source>Sync range</source>
        <translation>Période à synchroniser</translation>
    </message>
    <message>
        <source>Which tickets to fetch from OWS, by the time OWS received them</source>
        <translation>Quels tickets récupérer depuis OWS, selon l’heure de leur réception par OWS</translation>
    </message>
    <message>
        <source>Sync from</source>
        <translation>Synchroniser à partir du</translation>
    </message>
    <message>
        <source>Sync to</source>
        <translation>Synchroniser jusqu’au</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Fetch tickets from OWS (Ctrl+R)</source>
        <translation>Récupérer les tickets depuis OWS (Ctrl+R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the sync; it resumes from the last saved page next time</source>
        <translation>Arrêter la synchronisation ; elle reprendra à la dernière page enregistrée la prochaine fois</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>{fraction:.0%} of the range · {windows_done}/{windows_total} windows</source>
        <translation>{fraction:.0%} de la période · {windows_done}/{windows_total} tranches</translation>
    </message>
    <message>
        <source>Cancelling after the current pages…</source>
        <translation>Annulation après les pages en cours…</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Nothing to sync in that range.</source>
        <translation>Rien à synchroniser dans cette période.</translation>
    </message>
    <message>
        <source>Choose a start before the end, and not in the future.</source>
        <translation>Choisissez un début avant la fin, et pas dans le futur.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Synchronisation…</translation>
    </message>
    <message>
        <source>Sync already running on {who} since {since} — watching its progress</source>
        <translation>Synchronisation déjà en cours sur {who} depuis {since} — suivi de sa progression</translation>
    </message>
    <message>
        <source>One workstation syncs the team store at a time. When that sync ends, this one fetches whatever is left.</source>
        <translation>Un seul poste synchronise la base d’équipe à la fois. Quand cette synchronisation se termine, ce poste récupère ce qui reste.</translation>
    </message>
    <message>
        <source>Done: {tickets} ({new_tickets}) in {elapsed} s · {pages}</source>
        <translation>Terminé : {tickets} ({new_tickets}) en {elapsed} s · {pages}</translation>
    </message>
    <message>
        <source>That range</source>
        <translation>Cette période</translation>
    </message>
    <message>
        <source>Sync stopped.</source>
        <translation>Synchronisation arrêtée.</translation>
    </message>
    <message>
        <source>Cancelled{done}; the next sync resumes where this one stopped.</source>
        <translation>Annulée{done} ; la prochaine synchronisation reprendra là où celle-ci s’est arrêtée.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln ticket(s) of your stores in the team store</source>
        <translation>
            <numerusform>%Ln ticket de vos magasins dans la base d’équipe</numerusform>
            <numerusform>%Ln tickets de vos magasins dans la base d’équipe</numerusform>
        </translation>
    </message>
    <message>
        <source>Team store not synced yet</source>
        <translation>Base d’équipe pas encore synchronisée</translation>
    </message>
    <message>
        <source>Last sync {when} by {who}</source>
        <translation>Dernière synchronisation {when} par {who}</translation>
    </message>
    <message>
        <source>Last sync finished {utc_text} by {who}.</source>
        <translation>Dernière synchronisation terminée le {utc_text} par {who}.</translation>
    </message>
    <message>
        <source>Last sync finished {utc_text}.</source>
        <translation>Dernière synchronisation terminée le {utc_text}.</translation>
    </message>
    <message>
        <source>Team store synced up to {when}</source>
        <translation>Base d’équipe synchronisée jusqu’à {when}</translation>
    </message>
    <message>
        <source>{last_sync} · synced up to {when}</source>
        <translation>{last_sync} · synchronisée jusqu’à {when}</translation>
    </message>
    <message>
        <source>Synced without a gap up to {utc_text}, by whichever workstation or the sync service.</source>
        <translation>Synchronisée sans trou jusqu’à {utc_text}, par n’importe quel poste ou le service de synchronisation.</translation>
    </message>
    <message>
        <source> after {tickets} tickets</source>
        <translation> après {tickets} tickets</translation>
    </message>
    <message>
        <source>{count} tickets in the team store</source>
        <translation>{count} tickets dans la base d’équipe</translation>
    </message>
    <message>
        <source>{count} tickets on this computer</source>
        <translation>{count} tickets sur cet ordinateur</translation>
    </message>
    <message>
        <source>Newest ticket received by OWS: {utc_text}</source>
        <translation>Dernier ticket reçu par OWS : {utc_text}</translation>
    </message>
    <message>
        <source>Ticket cache unavailable</source>
        <translation>Cache des tickets indisponible</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Jamais synchronisé</translation>
    </message>
    <message>
        <source>Last sync {when}</source>
        <translation>Dernière synchronisation {when}</translation>
    </message>
</context>
<context>
    <name>TerminalListModel</name>
    <message>
        <source>no camera</source>
        <translation>aucune caméra</translation>
    </message>
    <message numerus="yes">
        <source>%Ln camera(s)</source>
        <translation>
            <numerusform>%Ln caméra</numerusform>
            <numerusform>%Ln caméras</numerusform>
        </translation>
    </message>
    <message>
        <source>Terminal {terminal}</source>
        <translation>Caisse {terminal}</translation>
    </message>
    <message>
        <source> at location {location}</source>
        <translation> au magasin {location}</translation>
    </message>
    <message>
        <source>Primary camera: {name}</source>
        <translation>Caméra principale : {name}</translation>
    </message>
    <message>
        <source>Not seen in synced tickets yet</source>
        <translation>Pas encore vue dans les tickets synchronisés</translation>
    </message>
</context>
<context>
    <name>TicketTable</name>
    <message>
        <source>Receipts</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>{count} receipts read: End again reads further.</source>
        <translation>{count} tickets lus : Fin à nouveau lit la suite.</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Back 5 seconds</source>
        <translation>Reculer de 5 secondes</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>Lecture / pause</translation>
    </message>
    <message>
        <source>Forward 5 seconds</source>
        <translation>Avancer de 5 secondes</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>Image précédente</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>Image suivante</translation>
    </message>
    <message>
        <source>Save the picture as PNG</source>
        <translation>Enregistrer l’image en PNG</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Capture</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>Vitesse de lecture</translation>
    </message>
    <message>
        <source>Playback speed: {rate}, kept for the next receipts (1× plays in real time)</source>
        <translation>Vitesse de lecture : {rate}, conservée pour les tickets de caisse suivants (1× lit en temps réel)</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Search users</source>
        <translation>Rechercher des utilisateurs</translation>
    </message>
    <message>
        <source>Search users by name, e-mail or group…</source>
        <translation>Rechercher par nom, e-mail ou groupe…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>OWS users are listed with the OWS account that syncs the team store; this window reads the team store without one.</source>
        <translation>Les utilisateurs d’OWS sont listés avec le compte OWS qui synchronise la base d’équipe ; cette fenêtre lit la base d’équipe sans compte OWS.</translation>
    </message>
    <message>
        <source>Connect to OWS to list its users.</source>
        <translation>Connectez-vous à OWS pour lister ses utilisateurs.</translation>
    </message>
    <message>
        <source>Loading users from OWS…</source>
        <translation>Chargement des utilisateurs depuis OWS…</translation>
    </message>
    <message>
        <source>{shown} of {total} users match</source>
        <translation>{shown} utilisateurs sur {total} correspondent</translation>
    </message>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln utilisateur</numerusform>
            <numerusform>%Ln utilisateurs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsersTableModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Dernière connexion</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
</context>
<context>
    <name>VideoMessagePage</name>
    <message>
        <source>Map a camera to this terminal…</source>
        <translation>Associer une caméra à cette caisse…</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
</context>
<context>
    <name>VideoPane</name>
    <message>
        <source>Camera</source>
        <translation>Caméra</translation>
    </message>
    <message>
        <source>Choose the camera (the terminal&apos;s primary camera is marked ★)</source>
        <translation>Choisissez la caméra (la caméra principale de la caisse est marquée ★)</translation>
    </message>
    <message>
        <source>All cameras in a grid</source>
        <translation>Toutes les caméras en grille</translation>
    </message>
    <message>
        <source>Show all of the terminal&apos;s cameras at once, in sync</source>
        <translation>Afficher toutes les caméras de la caisse à la fois, synchronisées</translation>
    </message>
    <message>
        <source>The snapshot could not be saved: the video shows no decoded picture (after a step back, play or step forward first), or {folder} cannot be written.</source>
        <translation>La capture n’a pas pu être enregistrée : la vidéo ne montre aucune image décodée (après un retour d’une image, lisez ou avancez d’abord), ou {folder} n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>Snapshot saved: {path}</source>
        <translation>Capture enregistrée : {path}</translation>
    </message>
    <message>
        <source>Snapshot {name} saved, but its SHA-256 could not be put in the audit trail ({message}): exports will leave it out, as OWS Desktop did not record taking it. Take the snapshot again.</source>
        <translation>Capture {name} enregistrée, mais son SHA-256 n’a pas pu être inscrit au journal d’audit ({message}) : les exports l’écarteront, car OWS Desktop n’a pas enregistré sa prise. Reprenez la capture.</translation>
    </message>
    <message>
        <source>All cameras (2×2)</source>
        <translation>Toutes les caméras (2×2)</translation>
    </message>
    <message>
        <source>Map cameras to this terminal…</source>
        <translation>Associer des caméras à cette caisse…</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>DIRECT</translation>
    </message>
    <message>
        <source>Connecting to {name}…</source>
        <translation>Connexion à {name}…</translation>
    </message>
    <message>
        <source>LIVE · ticket time invalid</source>
        <translation>DIRECT · heure du ticket invalide</translation>
    </message>
    <message>
        <source>This video plays at {rate}, the speed chosen before; choose 1× under the video for real time.</source>
        <translation>Cette vidéo est lue à {rate}, la vitesse choisie auparavant ; choisissez 1× sous la vidéo pour la voir en temps réel.</translation>
    </message>
</context>
<context>
    <name>_WindowLink</name>
    <message>
        <source>The case could not be saved or read.</source>
        <translation>Le dossier n’a pas pu être enregistré ou lu.</translation>
    </message>
</context>
<context>
    <name>accessible_names</name>
    <message>
        <source>Search terminals</source>
        <translation>Rechercher des caisses</translation>
    </message>
    <message>
        <source>Terminals</source>
        <translation>Caisses</translation>
    </message>
    <message>
        <source>Search the cameras not selected</source>
        <translation>Rechercher parmi les caméras non sélectionnées</translation>
    </message>
    <message>
        <source>Cameras not selected</source>
        <translation>Caméras non sélectionnées</translation>
    </message>
    <message>
        <source>Search the terminal&apos;s cameras</source>
        <translation>Rechercher parmi les caméras de la caisse</translation>
    </message>
    <message>
        <source>The terminal&apos;s cameras</source>
        <translation>Les caméras de la caisse</translation>
    </message>
    <message>
        <source>Add the chosen cameras</source>
        <translation>Ajouter les caméras choisies</translation>
    </message>
    <message>
        <source>Remove the chosen cameras</source>
        <translation>Retirer les caméras choisies</translation>
    </message>
    <message>
        <source>POS clock offset</source>
        <translation>Décalage de l’horloge de caisse</translation>
    </message>
</context>
<context>
    <name>app_shell</name>
    <message>
        <source>OWS Desktop</source>
        <translation>OWS Desktop</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <source>Something went wrong inside OWS Desktop.</source>
        <translation>Un problème est survenu dans OWS Desktop.</translation>
    </message>
    <message>
        <source>{summary}

The details were written to {log_file}. Your synced tickets are safe; if the window misbehaves, restart the app. Please send that log file to support.</source>
        <translation>{summary}

Les détails ont été écrits dans {log_file}. Vos tickets synchronisés sont en sécurité ; si la fenêtre se comporte mal, redémarrez l’application. Merci d’envoyer ce fichier journal au support.</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>{who} (OS user {os_user} on {host}, local cache; copied in by database role {role})</source>
        <translation>{who} (utilisateur système {os_user} sur {host}, cache local ; recopié par le rôle de base de données {role})</translation>
    </message>
    <message>
        <source>database role {role}</source>
        <translation>rôle de base de données {role}</translation>
    </message>
    <message>
        <source>local cache</source>
        <translation>cache local</translation>
    </message>
    <message>
        <source>{who} (OS user {os_user} on {host}, {role})</source>
        <translation>{who} (utilisateur système {os_user} sur {host}, {role})</translation>
    </message>
    <message>
        <source>{who} (OS user {os_user}, {role})</source>
        <translation>{who} (utilisateur système {os_user}, {role})</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>note : {note}</translation>
    </message>
    <message>
        <source>snapshot {file} taken (SHA-256 {sha256}…)</source>
        <translation>capture {file} prise (SHA-256 {sha256}…)</translation>
    </message>
    <message>
        <source>{verb} ({changes})</source>
        <translation>{verb} ({changes})</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>signalé</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <source>unflagged</source>
        <translation>signalement retiré</translation>
    </message>
    <message>
        <source>reason {new}</source>
        <translation>motif {new}</translation>
    </message>
    <message>
        <source>state {new}</source>
        <translation>statut {new}</translation>
    </message>
    <message>
        <source>reason {old} → {new}</source>
        <translation>motif {old} → {new}</translation>
    </message>
    <message>
        <source>state {old} → {new}</source>
        <translation>statut {old} → {new}</translation>
    </message>
</context>
<context>
    <name>auth</name>
    <message>
        <source>&apos;ows-desktop login --base-url URL&apos;, or Connection ▸ Edit connection… in the window</source>
        <translation>« ows-desktop login --base-url URL », ou Connexion ▸ Modifier la connexion… dans la fenêtre</translation>
    </message>
    <message>
        <source> (OWS said: &quot;{server_message}&quot;)</source>
        <translation> (réponse d’OWS : « {server_message} »)</translation>
    </message>
    <message>
        <source>OWS refused the API key because its API Access token is disabled (HTTP {status}){said}. Enable it again, or create a new API Access token ({where}) and enter it with {how}.</source>
        <translation>OWS a refusé la clé API car son jeton API Access est désactivé (HTTP {status}){said}. Réactivez-le, ou créez un nouveau jeton API Access ({where}) et saisissez-le avec {how}.</translation>
    </message>
    <message>
        <source>OWS refused the API key (HTTP {status}){said}. Check the key and secret. OWS shows a secret only once and cannot show it again: if it is lost, create a new API Access token ({where}) and enter it with {how}. A disabled token is refused too.</source>
        <translation>OWS a refusé la clé API (HTTP {status}){said}. Vérifiez la clé et le secret. OWS n’affiche un secret qu’une seule fois et ne peut plus le montrer ensuite : s’il est perdu, créez un nouveau jeton API Access ({where}) et saisissez-le avec {how}. Un jeton désactivé est refusé aussi.</translation>
    </message>
</context>
<context>
    <name>banner</name>
    <message>
        <source>Edit connection…</source>
        <translation>Modifier la connexion…</translation>
    </message>
    <message>
        <source>Sync again</source>
        <translation>Synchroniser à nouveau</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Ouvrir le dossier des journaux</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Se connecter…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Sync the last 7 days</source>
        <translation>Synchroniser les 7 derniers jours</translation>
    </message>
    <message>
        <source>Choose a custom range…</source>
        <translation>Choisir une période personnalisée…</translation>
    </message>
    <message>
        <source>Open what was typed…</source>
        <translation>Rouvrir ce qui a été saisi…</translation>
    </message>
    <message>
        <source>Cancel the switch</source>
        <translation>Annuler la bascule</translation>
    </message>
</context>
<context>
    <name>camera_edit_dialog</name>
    <message>
        <source>Delete camera</source>
        <translation>Supprimer la caméra</translation>
    </message>
    <message>
        <source>Delete the camera “{name}”? It is removed from every terminal it is mapped to.</source>
        <translation>Supprimer la caméra « {name} » ? Elle sera retirée de toutes les caisses auxquelles elle est associée.</translation>
    </message>
</context>
<context>
    <name>camera_probe</name>
    <message>
        <source>Camera {name} has an invalid address.</source>
        <translation>La caméra {name} a une adresse invalide.</translation>
    </message>
    <message>
        <source>Camera {name} unreachable: connection refused</source>
        <translation>Caméra {name} injoignable : connexion refusée</translation>
    </message>
    <message>
        <source>Camera {name} unreachable: no answer within {seconds} s</source>
        <translation>Caméra {name} injoignable : aucune réponse en {seconds} s</translation>
    </message>
    <message>
        <source>Camera {name} unreachable: the name {host} is not known</source>
        <translation>Caméra {name} injoignable : le nom {host} est inconnu</translation>
    </message>
    <message>
        <source>Camera {name} unreachable: {reason}</source>
        <translation>Caméra {name} injoignable : {reason}</translation>
    </message>
</context>
<context>
    <name>case_actions</name>
    <message>
        <source>Operator {operator}</source>
        <translation>Opérateur {operator}</translation>
    </message>
    <message>
        <source>Store {location}</source>
        <translation>Magasin {location}</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
</context>
<context>
    <name>case_dialogs</name>
    <message>
        <source>No ticket synced to this computer names the store “{value}”.</source>
        <translation>Aucun ticket synchronisé sur cet ordinateur ne nomme le magasin « {value} ».</translation>
    </message>
    <message>
        <source>No ticket synced to this computer names the register “{value}”.</source>
        <translation>Aucun ticket synchronisé sur cet ordinateur ne nomme la caisse « {value} ».</translation>
    </message>
    <message>
        <source>No ticket synced to this computer names the operator “{value}”.</source>
        <translation>Aucun ticket synchronisé sur cet ordinateur ne nomme l’opérateur « {value} ».</translation>
    </message>
    <message>
        <source>Did you mean “{value}”?</source>
        <translation>Vouliez-vous dire « {value} » ?</translation>
    </message>
    <message>
        <source>It may be right (a store whose tickets are not synced yet), or a typo: the case&apos;s evidence will name it as what the case is about.</source>
        <translation>C’est peut-être juste (un magasin dont les tickets ne sont pas encore synchronisés), ou une faute de frappe : les preuves du dossier le nommeront comme l’objet du dossier.</translation>
    </message>
    <message>
        <source>Not among the synced tickets</source>
        <translation>Absent des tickets synchronisés</translation>
    </message>
    <message>
        <source>Use “{value}”</source>
        <translation>Utiliser « {value} »</translation>
    </message>
    <message>
        <source>Use the values suggested</source>
        <translation>Utiliser les valeurs proposées</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Le garder</translation>
    </message>
    <message>
        <source>Change it</source>
        <translation>Le corriger</translation>
    </message>
</context>
<context>
    <name>case_questions</name>
    <message>
        <source>“{typed}” is not a loss amount: type an amount from {low} to {high} in digits, with at most 2 decimals, such as {example}.</source>
        <translation>« {typed} » n’est pas un montant de perte : saisissez un montant de {low} à {high} en chiffres, avec 2 décimales au plus, par exemple {example}.</translation>
    </message>
</context>
<context>
    <name>cases</name>
    <message>
        <source>operator {name}</source>
        <translation>opérateur {name}</translation>
    </message>
    <message>
        <source>store {name}</source>
        <translation>magasin {name}</translation>
    </message>
    <message>
        <source>register {name}</source>
        <translation>caisse {name}</translation>
    </message>
    <message>
        <source>no subject</source>
        <translation>aucun objet</translation>
    </message>
</context>
<context>
    <name>cases_page</name>
    <message>
        <source>Any</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>note: {get}</source>
        <translation>note : {get}</translation>
    </message>
    <message>
        <source>{named} and {unseen}</source>
        <translation>{named} et {unseen}</translation>
    </message>
    <message>
        <source>opened: {get}</source>
        <translation>ouvert : {get}</translation>
    </message>
    <message>
        <source>loss amount {value} ({get})</source>
        <translation>montant de la perte {value} ({get})</translation>
    </message>
    <message>
        <source>back to the tickets</source>
        <translation>retour aux tickets</translation>
    </message>
    <message>
        <source>exported as {upper} to {get}</source>
        <translation>exporté en {upper} vers {get}</translation>
    </message>
    <message>
        <source>changed </source>
        <translation>modifié : </translation>
    </message>
</context>
<context>
    <name>credentials</name>
    <message>
        <source>No secure credential store is available (keyring found no backend such as the Secret Service, macOS Keychain or Windows Credential Locker). On Linux install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session, or set OWS_API_KEY and OWS_API_SECRET for automation. OWS Desktop never stores the secret in a plain file.</source>
        <translation>Aucun coffre sécurisé pour les identifiants n’est disponible (keyring n’a trouvé aucun service tel que le Secret Service, le trousseau macOS ou le Gestionnaire d’identification Windows). Sous Linux, installez et déverrouillez un Secret Service (gnome-keyring ou KWallet) dans votre session, ou définissez OWS_API_KEY et OWS_API_SECRET pour l’automatisation. OWS Desktop n’enregistre jamais le secret dans un simple fichier.</translation>
    </message>
    <message>
        <source>No secure credential store is available (keyring found no backend such as the Secret Service, macOS Keychain or Windows Credential Locker). On Linux install and unlock a Secret Service (gnome-keyring or KWallet) in your desktop session. OWS Desktop never stores a secret in a plain file.</source>
        <translation>Aucun coffre sécurisé pour les identifiants n’est disponible (keyring n’a trouvé aucun service tel que le Secret Service, le trousseau macOS ou le Gestionnaire d’identification Windows). Sous Linux, installez et déverrouillez un Secret Service (gnome-keyring ou KWallet) dans votre session. OWS Desktop n’enregistre jamais un secret dans un simple fichier.</translation>
    </message>
    <message>
        <source>The API Access URL is empty.</source>
        <translation>L’URL API Access est vide.</translation>
    </message>
    <message>
        <source>The API Access URL contains a space or a control character; check what was pasted.</source>
        <translation>L’URL API Access contient une espace ou un caractère de contrôle ; vérifiez ce qui a été collé.</translation>
    </message>
    <message>
        <source>The API Access URL is not a valid URL (check the [brackets] of an IPv6 address and that the port is a number from 1 to 65535).</source>
        <translation>L’URL API Access n’est pas une URL valide (vérifiez les [crochets] d’une adresse IPv6 et que le port est un nombre de 1 à 65535).</translation>
    </message>
    <message>
        <source>The API Access URL must look like https://host/ (copy it from the OWS integration page).</source>
        <translation>L’URL API Access doit ressembler à https://hote/ (copiez-la depuis la page d’intégration d’OWS).</translation>
    </message>
    <message>
        <source>The API Access URL&apos;s port must be a number from 1 to 65535.</source>
        <translation>Le port de l’URL API Access doit être un nombre de 1 à 65535.</translation>
    </message>
    <message>
        <source>The OS keyring refused to read a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.</source>
        <translation>Le trousseau du système a refusé de lire un secret ({error}). Déverrouillez votre trousseau (il attend peut-être un mot de passe) et réessayez.</translation>
    </message>
    <message>
        <source>The OS keyring refused to store a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.</source>
        <translation>Le trousseau du système a refusé d’enregistrer un secret ({error}). Déverrouillez votre trousseau (il attend peut-être un mot de passe) et réessayez.</translation>
    </message>
    <message>
        <source>The OS keyring refused to delete a secret ({error}). Unlock your keyring (it may be waiting for a password prompt) and try again.</source>
        <translation>Le trousseau du système a refusé de supprimer un secret ({error}). Déverrouillez votre trousseau (il attend peut-être un mot de passe) et réessayez.</translation>
    </message>
    <message>
        <source>OS keyring ({name})</source>
        <translation>trousseau du système ({name})</translation>
    </message>
    <message>
        <source>no secure keyring backend</source>
        <translation>aucun trousseau sécurisé</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>the server refused the connection (nothing answers at that address, or a firewall blocks it)</source>
        <translation>le serveur a refusé la connexion (rien ne répond à cette adresse, ou un pare-feu la bloque)</translation>
    </message>
    <message>
        <source>the server&apos;s name was not found (check the URL, or the network&apos;s DNS)</source>
        <translation>le nom du serveur est introuvable (vérifiez l’URL, ou le DNS du réseau)</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>le serveur n’a pas répondu à temps</translation>
    </message>
    <message>
        <source>the server&apos;s security certificate was not accepted</source>
        <translation>le certificat de sécurité du serveur n’a pas été accepté</translation>
    </message>
    <message>
        <source>this computer has no route to the server (is the network up?)</source>
        <translation>cet ordinateur n’a pas de route vers le serveur (le réseau est-il actif ?)</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>le serveur a fermé la connexion</translation>
    </message>
    <message>
        <source>OWS at {host} refused the request (HTTP {code})</source>
        <translation>OWS sur {host} a refusé la requête (HTTP {code})</translation>
    </message>
    <message>
        <source>OWS at {group}</source>
        <translation>OWS sur {group}</translation>
    </message>
    <message>
        <source>{where} could not be reached: {words}.</source>
        <translation>{where} est injoignable : {words}.</translation>
    </message>
    <message>
        <source>{where} answered with an error (HTTP {group}) every time it was asked.</source>
        <translation>{where} a répondu par une erreur (HTTP {group}) à chaque demande.</translation>
    </message>
    <message>
        <source>{where} could not be reached.</source>
        <translation>{where} est injoignable.</translation>
    </message>
    <message>
        <source>The sync could not use the team store.</source>
        <translation>La synchronisation n’a pas pu utiliser la base d’équipe.</translation>
    </message>
    <message>
        <source>OWS refused the API key.</source>
        <translation>OWS a refusé la clé d’API.</translation>
    </message>
    <message>
        <source>The disk is full.</source>
        <translation>Le disque est plein.</translation>
    </message>
    <message>
        <source>{message} Tickets saved before this point are kept; the next sync continues from there.</source>
        <translation>{message} Les tickets enregistrés avant ce point sont conservés ; la prochaine synchronisation reprend à partir de là.</translation>
    </message>
    <message>
        <source>Cannot reach OWS.</source>
        <translation>OWS est injoignable.</translation>
    </message>
    <message>
        <source>{network_reason} Check the network connection and the API Access URL, then sync again: it resumes where it stopped.</source>
        <translation>{network_reason} Vérifiez la connexion réseau et l’API Access URL, puis synchronisez à nouveau : la synchronisation reprend là où elle s’est arrêtée.</translation>
    </message>
    <message>
        <source>The sync could not start.</source>
        <translation>La synchronisation n’a pas pu démarrer.</translation>
    </message>
    <message>
        <source>The sync stopped because of an unexpected error.</source>
        <translation>La synchronisation s’est arrêtée à cause d’une erreur inattendue.</translation>
    </message>
    <message>
        <source>{message} The details are in the log file (Help ▸ Open log folder).</source>
        <translation>{message} Les détails sont dans le fichier journal (Aide ▸ Ouvrir le dossier des journaux).</translation>
    </message>
    <message>
        <source>Cannot reach OWS. {network_reason}</source>
        <translation>OWS est injoignable. {network_reason}</translation>
    </message>
    <message>
        <source>The users cannot be listed. {message}</source>
        <translation>Les utilisateurs ne peuvent pas être listés. {message}</translation>
    </message>
    <message>
        <source>The users cannot be listed. {network_reason}</source>
        <translation>Les utilisateurs ne peuvent pas être listés. {network_reason}</translation>
    </message>
    <message>
        <source>The users could not be loaded: {message}</source>
        <translation>Les utilisateurs n’ont pas pu être chargés : {message}</translation>
    </message>
    <message>
        <source>OWS has no ticket received in that range. Choose a Custom range… in the sync bar with the days OWS holds (ows-desktop fake-server prints the dates its data covers).</source>
        <translation>OWS n’a reçu aucun ticket dans cette période. Choisissez une Période personnalisée… dans la barre de synchronisation, avec les jours que contient OWS (ows-desktop fake-server affiche les dates couvertes par ses données).</translation>
    </message>
    <message>
        <source>{range_label} holds no tickets.</source>
        <translation>{range_label} : aucun ticket.</translation>
    </message>
    <message>
        <source>OWS has no ticket received in that range. Sync the last 7 days, or choose a Custom range… in the sync bar (ows-desktop fake-server prints the dates its data covers).</source>
        <translation>OWS n’a reçu aucun ticket dans cette période. Synchronisez les 7 derniers jours, ou choisissez une Période personnalisée… dans la barre de synchronisation (ows-desktop fake-server affiche les dates couvertes par ses données).</translation>
    </message>
</context>
<context>
    <name>export_clips</name>
    <message>
        <source>No camera is mapped to register {terminal} of store {location}.</source>
        <translation>Aucune caméra n’est associée à la caisse {terminal} du magasin {location}.</translation>
    </message>
    <message>
        <source>The ticket has no start time, so no stretch of video to save.</source>
        <translation>Le ticket n’a pas d’heure de début : aucun passage de vidéo à enregistrer.</translation>
    </message>
    <message>
        <source>The ticket&apos;s time cannot be looked up in a recording.</source>
        <translation>L’heure du ticket ne peut pas être retrouvée dans un enregistrement.</translation>
    </message>
    <message>
        <source>Camera {name} is live only (no recording to look back at).</source>
        <translation>La caméra {name} ne diffuse qu’en direct (aucun enregistrement à revoir).</translation>
    </message>
    <message>
        <source>The password of camera {name} could not be read: {reason}</source>
        <translation>Le mot de passe de la caméra {name} n’a pas pu être lu : {reason}</translation>
    </message>
    <message>
        <source>Camera {name}: {reason}</source>
        <translation>Caméra {name} : {reason}</translation>
    </message>
    <message>
        <source>The clip could not be saved: {reason}</source>
        <translation>L’extrait vidéo n’a pas pu être enregistré : {reason}</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <source>PDF case report</source>
        <translation>Rapport de dossier PDF</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Exported to {folder}, marked: the audit trail failed its integrity check.</source>
        <translation>Exporté dans {folder}, signalé : le journal d’audit a échoué à son contrôle d’intégrité.</translation>
    </message>
</context>
<context>
    <name>export_snapshots</name>
    <message>
        <source>No camera picture for this ticket (no saved snapshot, and no recording camera gave one).</source>
        <translation>Aucune image de caméra pour ce ticket (aucune capture enregistrée, et aucune caméra qui enregistre n’en a fourni).</translation>
    </message>
    <message>
        <source>{problem} ({kept} of the ticket&apos;s {found} snapshots are in the export)</source>
        <translation>{problem} (l’export contient {kept} des {found} captures du ticket)</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: not in the audit trail: OWS Desktop did not record taking it (its .json file has a SHA-256, but the ticket&apos;s audit trail has no entry for it). Take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : absente du journal d’audit : OWS Desktop n’a pas enregistré sa prise (son fichier .json a un SHA-256, mais le journal d’audit du ticket n’a aucune entrée pour elle). Reprenez la capture, puis exportez à nouveau.</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: the file is not the picture taken (its SHA-256 is not the one the audit trail recorded when it was taken). Put the original file back in the snapshots folder, or take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : le fichier n’est pas l’image prise (son SHA-256 n’est pas celui que le journal d’audit a enregistré à sa prise). Remettez le fichier d’origine dans le dossier des captures, ou reprenez la capture, puis exportez à nouveau.</translation>
    </message>
    <message>
        <source>The camera picture could not be copied: {reason}.</source>
        <translation>L’image de caméra n’a pas pu être copiée : {reason}.</translation>
    </message>
    <message>
        <source>The camera picture could not be copied: {reason} ({name}).</source>
        <translation>L’image de caméra n’a pas pu être copiée : {reason} ({name}).</translation>
    </message>
    <message>
        <source>The camera picture could not be copied ({kind}).</source>
        <translation>L’image de caméra n’a pas pu être copiée ({kind}).</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: not in the audit trail: its .json file has no SHA-256, and no version of OWS Desktop wrote it (it is in none of their forms), so OWS Desktop did not take it. Take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : absente du journal d’audit : son fichier .json n’a pas de SHA-256, et aucune version d’OWS Desktop ne l’a écrit (il n’a aucune de leurs formes) : OWS Desktop ne l’a donc pas prise. Reprenez la capture, puis exportez à nouveau.</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: not in the audit trail: its .json file has no SHA-256, but says it was taken at {taken}, and OWS Desktop on this workstation ({host}) has recorded each snapshot it takes in the audit trail, with its SHA-256, since {since} (entry {entry}), so OWS Desktop did not take it. Take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : absente du journal d’audit : son fichier .json n’a pas de SHA-256 mais dit qu’elle a été prise le {taken}, et OWS Desktop sur ce poste ({host}) enregistre au journal d’audit chaque capture qu’il prend, avec son SHA-256, depuis le {since} (entrée {entry}) : OWS Desktop ne l’a donc pas prise. Reprenez la capture, puis exportez à nouveau.</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: the same picture as {other} (ticket {ticket}, the same SHA-256), which the audit trail recorded first (entry {entry}, {at}): one picture cannot show two moments. Take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : la même image que {other} (ticket {ticket}, le même SHA-256), que le journal d’audit a enregistrée en premier (entrée {entry}, {at}) : une image ne peut pas montrer deux moments. Reprenez la capture, puis exportez à nouveau.</translation>
    </message>
    <message>
        <source>Snapshot {name} left out: the same picture as {other} (ticket {ticket}, the same SHA-256), which is in the export: one picture cannot show two moments. Take the snapshot again, then export again.</source>
        <translation>Capture {name} écartée : la même image que {other} (ticket {ticket}, le même SHA-256), qui est dans l’export : une image ne peut pas montrer deux moments. Reprenez la capture, puis exportez à nouveau.</translation>
    </message>
</context>
<context>
    <name>filter_state</name>
    <message>
        <source>Any time</source>
        <translation>Toute période</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hier</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Période personnalisée…</translation>
    </message>
</context>
<context>
    <name>filters</name>
    <message>
        <source>Store filter</source>
        <translation>Filtre de magasin</translation>
    </message>
    <message>
        <source>Register filter</source>
        <translation>Filtre de caisse</translation>
    </message>
    <message>
        <source>Operator filter</source>
        <translation>Filtre d’opérateur</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filtre de statut</translation>
    </message>
    <message>
        <source>All stores</source>
        <translation>Tout magasin</translation>
    </message>
    <message>
        <source>Only tickets from this store</source>
        <translation>Seulement les tickets de ce magasin</translation>
    </message>
    <message>
        <source>All registers</source>
        <translation>Toute caisse</translation>
    </message>
    <message>
        <source>Only tickets from this register</source>
        <translation>Seulement les tickets de cette caisse</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>Tout opérateur</translation>
    </message>
    <message>
        <source>Only tickets rung up by this operator</source>
        <translation>Seulement les tickets enregistrés par cet opérateur</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Tout statut</translation>
    </message>
    <message>
        <source>Only tickets with this status (a voided line: the exception filter)</source>
        <translation>Seulement les tickets avec ce statut (une ligne annulée : le filtre d’exception)</translation>
    </message>
    <message>
        <source>{name} — in {stores}</source>
        <translation>{name} — dans {stores}</translation>
    </message>
</context>
<context>
    <name>flag_dialog</name>
    <message>
        <source>Any reason</source>
        <translation>Tous les motifs</translation>
    </message>
</context>
<context>
    <name>libvlc</name>
    <message>
        <source>libVLC not found ({detail}). {hint}</source>
        <translation>libVLC introuvable ({detail}). {hint}</translation>
    </message>
    <message>
        <source>Install libVLC and its plugins, e.g. on Debian/Ubuntu: sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output</source>
        <translation>Installez libVLC et ses modules, par exemple sous Debian/Ubuntu : sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output</translation>
    </message>
    <message>
        <source>Install VLC 3 (64-bit) from https://www.videolan.org into /Applications, then restart OWS Desktop.</source>
        <translation>Installez VLC 3 (64 bits) depuis https://www.videolan.org dans /Applications, puis redémarrez OWS Desktop.</translation>
    </message>
    <message>
        <source>Install VLC 3 (64-bit, the same architecture as OWS Desktop) from https://www.videolan.org.</source>
        <translation>Installez VLC 3 (64 bits, la même architecture qu’OWS Desktop) depuis https://www.videolan.org.</translation>
    </message>
    <message>
        <source>Install VLC 3 (libVLC) for this system.</source>
        <translation>Installez VLC 3 (libVLC) pour ce système.</translation>
    </message>
    <message>
        <source>libVLC could not create a player. {hint}</source>
        <translation>libVLC n’a pas pu créer de lecteur. {hint}</translation>
    </message>
    <message>
        <source>libVLC could not open {url}</source>
        <translation>libVLC n’a pas pu ouvrir {url}</translation>
    </message>
    <message>
        <source>libVLC is installed without its plugins</source>
        <translation>libVLC est installé sans ses modules</translation>
    </message>
</context>
<context>
    <name>mapping_dialog</name>
    <message>
        <source>At most {most} cameras can be mapped to a terminal: remove one before adding another.</source>
        <translation>{most} caméras au plus peuvent être associées à une caisse : retirez-en une avant d’en ajouter une autre.</translation>
    </message>
</context>
<context>
    <name>match_count</name>
    <message>
        <source>{total}+ receipts</source>
        <translation>{total}+ tickets</translation>
    </message>
    <message>
        <source>{loaded}+ receipts</source>
        <translation>{loaded}+ tickets</translation>
    </message>
</context>
<context>
    <name>operators</name>
    <message>
        <source>{name} (no employee ID)</source>
        <translation>{name} (sans matricule)</translation>
    </message>
</context>
<context>
    <name>pane_states</name>
    <message>
        <source>Select a receipt to see its video.</source>
        <translation>Sélectionnez un ticket pour voir sa vidéo.</translation>
    </message>
    <message>
        <source>No camera mapped to this terminal</source>
        <translation>Aucune caméra associée à cette caisse</translation>
    </message>
    <message>
        <source>libVLC not found</source>
        <translation>libVLC introuvable</translation>
    </message>
    <message>
        <source>No video for this time</source>
        <translation>Pas de vidéo pour cette heure</translation>
    </message>
    <message>
        <source>Camera unreachable</source>
        <translation>Caméra injoignable</translation>
    </message>
    <message>
        <source>Cannot play this video</source>
        <translation>Impossible de lire cette vidéo</translation>
    </message>
    <message>
        <source>No recording</source>
        <translation>Pas d’enregistrement</translation>
    </message>
</context>
<context>
    <name>peers</name>
    <message>
        <source>Compared with store peers in the same hours: each ticket is expected to have an exception at the rate the other cashiers had at the same store and hour of day; how unusual = one-sided Poisson tail probability P(X ≥ observed | expected).</source>
        <translation>Comparaison avec les pairs du magasin aux mêmes heures : chaque ticket devrait avoir une exception au taux observé chez les autres caissiers du même magasin à la même heure de la journée ; degré d’anomalie = probabilité de queue de Poisson unilatérale P(X ≥ observé | attendu).</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>1 in 10^{power}</source>
        <translation>1 sur 10^{power}</translation>
    </message>
    <message>
        <source>{ratio}× store peers ({observed} of {tickets} tickets) · chance {chance}</source>
        <translation>{ratio}× les pairs du magasin ({observed} tickets sur {tickets}) · probabilité {chance}</translation>
    </message>
    <message>
        <source>{observed} of {tickets} tickets; {expected} expected at the rate of store peers in the same hours. Chance of at least this many at the peers&apos; rate (one-sided Poisson tail): {chance}.</source>
        <translation>{observed} tickets sur {tickets} ; {expected} attendus au taux des pairs du magasin aux mêmes heures. Probabilité d’en avoir au moins autant au taux des pairs (queue de Poisson unilatérale) : {chance}.</translation>
    </message>
</context>
<context>
    <name>preferences_fields</name>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>De {low} à {high}.</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Choisir un dossier</translation>
    </message>
</context>
<context>
    <name>preferences_pages</name>
    <message>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Parallel requests:</source>
        <translation>Requêtes en parallèle :</translation>
    </message>
    <message>
        <source>How many pages of tickets are fetched at the same time (more is faster, until OWS starts to refuse).</source>
        <translation>Combien de pages de tickets sont récupérées en même temps (plus est plus rapide, jusqu’à ce qu’OWS commence à refuser).</translation>
    </message>
    <message>
        <source>Tickets per page:</source>
        <translation>Tickets par page :</translation>
    </message>
    <message>
        <source>How many tickets one request asks for.</source>
        <translation>Combien de tickets une requête demande.</translation>
    </message>
    <message>
        <source>Hours per window:</source>
        <translation>Heures par tranche :</translation>
    </message>
    <message>
        <source>A sync splits its range into windows of at most this many hours; each finished window is kept, so a stopped sync resumes there.</source>
        <translation>Une synchronisation découpe sa période en tranches d’au plus ce nombre d’heures ; chaque tranche terminée est conservée, une synchronisation arrêtée reprend donc là.</translation>
    </message>
    <message>
        <source>Read again (late tickets):</source>
        <translation>Relire (tickets en retard) :</translation>
    </message>
    <message>
        <source>How far before the end of what is already complete the next sync starts again, for tickets that reach OWS late.</source>
        <translation>Combien de temps avant la fin de ce qui est déjà complet la prochaine synchronisation reprend, pour les tickets qui arrivent en retard dans OWS.</translation>
    </message>
    <message>
        <source>Sync on its own every:</source>
        <translation>Synchroniser automatiquement toutes les :</translation>
    </message>
    <message>
        <source>While the window is open, it starts the same sync as the Sync button every this many minutes (skipped while one runs); 0 turns it off.</source>
        <translation>Tant que la fenêtre est ouverte, elle lance la même synchronisation que le bouton Synchroniser toutes les N minutes (sautée si une synchronisation est en cours) ; 0 la désactive.</translation>
    </message>
    <message>
        <source>Open a ticket&apos;s video as:</source>
        <translation>Ouvrir la vidéo d&apos;un ticket en :</translation>
    </message>
    <message>
        <source>The layout the video pane opens each ticket in: its register&apos;s primary camera, or all its cameras at once.</source>
        <translation>La disposition dans laquelle le panneau vidéo ouvre chaque ticket : la caméra principale de sa caisse, ou toutes ses caméras à la fois.</translation>
    </message>
    <message>
        <source>The primary camera</source>
        <translation>La caméra principale</translation>
    </message>
    <message>
        <source>All cameras (2×2 grid)</source>
        <translation>Toutes les caméras (grille 2×2)</translation>
    </message>
    <message>
        <source>Start before the ticket:</source>
        <translation>Commencer avant le ticket :</translation>
    </message>
    <message>
        <source>Video starts this many seconds before the ticket&apos;s first line.</source>
        <translation>La vidéo commence ce nombre de secondes avant la première ligne du ticket.</translation>
    </message>
    <message>
        <source>Continue after the ticket:</source>
        <translation>Continuer après le ticket :</translation>
    </message>
    <message>
        <source>Video runs on this many seconds after the ticket&apos;s last line.</source>
        <translation>La vidéo continue ce nombre de secondes après la dernière ligne du ticket.</translation>
    </message>
    <message>
        <source>Network buffer:</source>
        <translation>Tampon réseau :</translation>
    </message>
    <message>
        <source>How much video is buffered from a camera or recorder (more is smoother on a slow network, but starts later).</source>
        <translation>Quelle quantité de vidéo est mise en tampon depuis une caméra ou un enregistreur (plus est plus fluide sur un réseau lent, mais démarre plus tard).</translation>
    </message>
    <message>
        <source>Receive camera streams over TCP (works through more firewalls)</source>
        <translation>Recevoir les flux des caméras en TCP (passe davantage de pare-feu)</translation>
    </message>
    <message>
        <source>RTSP over TCP instead of UDP.</source>
        <translation>RTSP sur TCP au lieu d’UDP.</translation>
    </message>
    <message>
        <source>Give up on a silent camera after:</source>
        <translation>Abandonner une caméra muette après :</translation>
    </message>
    <message>
        <source>How long to wait for the first picture before saying the camera cannot be reached.</source>
        <translation>Combien de temps attendre la première image avant de dire que la caméra est injoignable.</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Thème :</translation>
    </message>
    <message>
        <source>Light or dark colours, white on black for high contrast, or what the system uses (including its high-contrast setting).</source>
        <translation>Couleurs claires ou sombres, blanc sur noir pour un contraste élevé, ou celles du système (y compris son réglage de contraste élevé).</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Suivre le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Contraste élevé</translation>
    </message>
    <message>
        <source>Show ticket times in:</source>
        <translation>Afficher l&apos;heure des tickets en :</translation>
    </message>
    <message>
        <source>The receipt lists, the receipts and the video clocks show times in the store&apos;s time (as on the paper receipt) or in this workstation&apos;s time, always with the zone; Today, Yesterday and Last 7 days are then the days each store&apos;s calendar reads, or this workstation&apos;s.</source>
        <translation>Les listes de tickets, les tickets et les horloges vidéo affichent l&apos;heure du magasin (comme sur le ticket papier) ou l&apos;heure de ce poste, toujours avec le fuseau ; Aujourd’hui, Hier et 7 derniers jours sont alors les jours du calendrier de chaque magasin, ou ceux de ce poste.</translation>
    </message>
    <message>
        <source>Store time</source>
        <translation>Heure du magasin</translation>
    </message>
    <message>
        <source>This workstation&apos;s time</source>
        <translation>Heure de ce poste</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <source>The window&apos;s language and number format; applies the next time OWS Desktop starts.</source>
        <translation>La langue et le format des nombres de la fenêtre ; s’applique au prochain démarrage d’OWS Desktop.</translation>
    </message>
    <message>
        <source>Default export folder:</source>
        <translation>Répertoire d’export par défaut :</translation>
    </message>
    <message>
        <source>Export evidence… and Export case… propose a new folder in here (empty: they propose none).</source>
        <translation>Exporter les preuves… et Exporter le dossier… proposent un nouveau répertoire ici (vide : n’en proposent aucun).</translation>
    </message>
    <message>
        <source>Default format:</source>
        <translation>Format par défaut :</translation>
    </message>
    <message>
        <source>The format Export evidence… starts with.</source>
        <translation>Le format proposé d’abord par Exporter les preuves….</translation>
    </message>
    <message>
        <source>PDF case report</source>
        <translation>Rapport de dossier PDF</translation>
    </message>
    <message>
        <source>PDF paper size:</source>
        <translation>Format du papier PDF :</translation>
    </message>
    <message>
        <source>The paper size of PDF case reports (window and command line).</source>
        <translation>Le format du papier des rapports de dossier PDF (fenêtre et ligne de commande).</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>Lettre US</translation>
    </message>
    <message>
        <source>Include camera snapshots</source>
        <translation>Inclure des images des caméras</translation>
    </message>
    <message>
        <source>Exports hold a still picture of each ticket from its mapped cameras (window and command line).</source>
        <translation>Les exports contiennent une image fixe de chaque ticket prise par ses caméras associées (fenêtre et ligne de commande).</translation>
    </message>
    <message>
        <source>Include video clips:</source>
        <translation>Inclure les clips vidéo :</translation>
    </message>
    <message>
        <source>Exports hold each ticket&apos;s video clip from every mapped camera, from the primary camera only, or none (window and command line).</source>
        <translation>Les exports contiennent le clip vidéo de chaque ticket pour chaque caméra associée, pour la caméra principale seulement, ou aucun (fenêtre et ligne de commande).</translation>
    </message>
    <message>
        <source>All cameras</source>
        <translation>Toutes les caméras</translation>
    </message>
    <message>
        <source>Primary camera only</source>
        <translation>Caméra principale seulement</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucun</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Used by the next sync, in this window and on the command line; the schedule applies at once.</source>
        <translation>Utilisé par la prochaine synchronisation, dans cette fenêtre et en ligne de commande ; la planification s&apos;applique immédiatement.</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Used the next time a receipt&apos;s video plays.</source>
        <translation>Utilisé la prochaine fois que la vidéo d’un ticket est lue.</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <source>The theme and the time zone apply at once, the language at the next start.</source>
        <translation>Le thème et le fuseau horaire s&apos;appliquent immédiatement, la langue au prochain démarrage.</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Preuves</translation>
    </message>
    <message>
        <source>Used by the next export, in this window and on the command line.</source>
        <translation>Utilisé par le prochain export, dans cette fenêtre et en ligne de commande.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
</context>
<context>
    <name>preferences_rules</name>
    <message>
        <source>Run “{title}”</source>
        <translation>Appliquer « {title} »</translation>
    </message>
    <message>
        <source>Weight in the ranking:</source>
        <translation>Poids dans le classement :</translation>
    </message>
    <message>
        <source>How much one exception of this rule counts in the Exceptions ranking (0: not at all).</source>
        <translation>Combien compte une exception de cette règle dans le classement des exceptions (0 : pas du tout).</translation>
    </message>
    <message>
        <source>Not counted</source>
        <translation>Non compté</translation>
    </message>
</context>
<context>
    <name>probe</name>
    <message>
        <source>the file {path} does not exist</source>
        <translation>le fichier {path} n’existe pas</translation>
    </message>
    <message>
        <source>libVLC could not play {name}</source>
        <translation>libVLC n’a pas pu lire {name}</translation>
    </message>
    <message>
        <source>the camera did not accept the RTSP stream</source>
        <translation>la caméra n’a pas accepté le flux RTSP</translation>
    </message>
    <message>
        <source>the recorder has no recording for this time (HTTP {status})</source>
        <translation>l’enregistreur n’a pas d’enregistrement pour cette heure (HTTP {status})</translation>
    </message>
    <message>
        <source>the camera refused the user name or password (HTTP {status})</source>
        <translation>la caméra a refusé le nom d’utilisateur ou le mot de passe (HTTP {status})</translation>
    </message>
    <message>
        <source>the camera answered, but its video could not be decoded</source>
        <translation>la caméra a répondu, mais sa vidéo n’a pas pu être décodée</translation>
    </message>
    <message>
        <source>the camera answered HTTP {status}</source>
        <translation>la caméra a répondu HTTP {status}</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>connexion refusée</translation>
    </message>
    <message>
        <source>the camera&apos;s host name was not found</source>
        <translation>le nom d’hôte de la caméra est introuvable</translation>
    </message>
    <message>
        <source>the connection to the camera timed out</source>
        <translation>la connexion à la caméra a expiré</translation>
    </message>
    <message>
        <source>the camera closed the connection</source>
        <translation>la caméra a fermé la connexion</translation>
    </message>
    <message>
        <source>the camera&apos;s TLS certificate was not accepted</source>
        <translation>le certificat TLS de la caméra n’a pas été accepté</translation>
    </message>
    <message>
        <source>network error ({name})</source>
        <translation>erreur réseau ({name})</translation>
    </message>
</context>
<context>
    <name>process_sync</name>
    <message>
        <source>The sync process stopped unexpectedly (exit code {code}); the details are in the log file. Sync again to resume.</source>
        <translation>Le processus de synchronisation s’est arrêté de façon inattendue (code de sortie {code}) ; les détails sont dans le fichier journal. Synchronisez à nouveau pour reprendre.</translation>
    </message>
</context>
<context>
    <name>receipt_html</name>
    <message>
        <source>{utc} — {local} on this workstation</source>
        <translation>{utc} — {local} sur ce poste</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds:02d} s</source>
        <translation>{minutes} min {seconds:02d} s</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} h {minutes:02d} min</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <source>Voided line</source>
        <translation>Ligne annulée</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>Sans vente</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Décaissement</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Signalé</translation>
    </message>
    <message>
        <source>Exceptions found by the rules</source>
        <translation>Exceptions trouvées par les règles</translation>
    </message>
    <message>
        <source>Flagged: {reason} · {state}</source>
        <translation>Signalé : {reason} · {state}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucune raison donnée</translation>
    </message>
    <message>
        <source> · {notes} notes</source>
        <translation> · {notes} notes</translation>
    </message>
    <message>
        <source> · 1 note</source>
        <translation> · 1 note</translation>
    </message>
    <message>
        <source> (Edit flag… in the receipt to change it)</source>
        <translation> (Modifier le signalement… dans le ticket pour le changer)</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Signalement</translation>
    </message>
    <message>
        <source>Edit flag…</source>
        <translation>Modifier le signalement…</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>Non signalé</translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation>Signaler…</translation>
    </message>
    <message>
        <source>The audit trail failed its integrity check ({entries}: {ids}, changed or removed outside OWS Desktop). The notes and history below may not be as written.</source>
        <translation>Le journal d’audit a échoué à son contrôle d’intégrité ({entries} : {ids}, modifiées ou supprimées en dehors d’OWS Desktop). Les notes et l’historique ci-dessous ne sont peut-être pas ce qui a été écrit.</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Historique :</translation>
    </message>
    <message>
        <source>other characters</source>
        <translation>d’autres caractères</translation>
    </message>
    <message>
        <source>Some text on this receipt is in {names}, which no font on this computer can draw: it shows as boxes. The text is kept whole (it can be copied, and the CSV and JSON exports hold it); installing a font for it shows it here.</source>
        <translation>Une partie du texte de ce ticket est en {names}, qu’aucune police de cet ordinateur ne sait dessiner : il s’affiche sous forme de carrés. Le texte est conservé en entier (il peut être copié, et les exports CSV et JSON le contiennent) ; installer une police pour cette écriture l’affiche ici.</translation>
    </message>
    <message>
        <source>Unknown store</source>
        <translation>Magasin inconnu</translation>
    </message>
    <message>
        <source>Store {location}</source>
        <translation>Magasin {location}</translation>
    </message>
    <message>
        <source>Register {terminal}</source>
        <translation>Caisse {terminal}</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Show the sale this refund returns</source>
        <translation>Afficher la vente que ce remboursement annule</translation>
    </message>
    <message>
        <source>Refund of</source>
        <translation>Remboursement de</translation>
    </message>
    <message>
        <source>VOIDED — voided after it was tendered (post void): nothing on this receipt was sold.</source>
        <translation>ANNULÉ — annulé après paiement : rien sur ce ticket n’a été vendu.</translation>
    </message>
    <message>
        <source>VOIDED — nothing on this receipt was sold.</source>
        <translation>ANNULÉ — rien sur ce ticket n’a été vendu.</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>No items: the cash drawer was opened without a sale.</source>
        <translation>Aucun article : le tiroir-caisse a été ouvert sans vente.</translation>
    </message>
    <message>
        <source>No line items.</source>
        <translation>Aucune ligne d’article.</translation>
    </message>
    <message>
        <source>applied by {operator}</source>
        <translation>appliquée par {operator}</translation>
    </message>
    <message>
        <source>approved by {approver}</source>
        <translation>approuvée par {approver}</translation>
    </message>
    <message>
        <source>self-approved</source>
        <translation>auto-approuvée</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Sous-total</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>VOID</source>
        <translation>ANNULÉ</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Received by OWS {time}</source>
        <translation>Reçu par OWS {time}</translation>
    </message>
    <message>
        <source>ID {id}</source>
        <translation>ID {id}</translation>
    </message>
    <message>
        <source>price override, was {price}</source>
        <translation>prix modifié, était {price}</translation>
    </message>
</context>
<context>
    <name>receipt_speech</name>
    <message>
        <source>an unknown store</source>
        <translation>un magasin inconnu</translation>
    </message>
    <message>
        <source> (voided)</source>
        <translation> (annulée)</translation>
    </message>
    <message>
        <source>Receipt from {store_name}</source>
        <translation>Ticket de {store_name}</translation>
    </message>
    <message>
        <source>register {value}</source>
        <translation>caisse {value}</translation>
    </message>
    <message>
        <source>; flagged for review</source>
        <translation> ; signalé pour examen</translation>
    </message>
    <message>
        <source>Started {time}</source>
        <translation>Début {time}</translation>
    </message>
    <message>
        <source>Operator {operator}</source>
        <translation>Opérateur {operator}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>No lines</source>
        <translation>Aucune ligne</translation>
    </message>
    <message>
        <source>; and {more} more lines</source>
        <translation> ; et {more} lignes de plus</translation>
    </message>
</context>
<context>
    <name>rule_details</name>
    <message>
        <source>{voided} of {lines} lines voided</source>
        <translation>{voided} sur {lines} lignes annulées</translation>
    </message>
    <message>
        <source>Ticket voided before tender (1 line)</source>
        <translation>Ticket annulé avant paiement (1 ligne)</translation>
    </message>
    <message>
        <source>Ticket voided before tender ({lines} lines)</source>
        <translation>Ticket annulé avant paiement ({lines} lignes)</translation>
    </message>
    <message>
        <source>Every line voided ({lines})</source>
        <translation>Toutes les lignes annulées ({lines})</translation>
    </message>
    <message>
        <source>Voided after tender (1 tender, total {total})</source>
        <translation>Annulé après paiement (1 paiement, total {total})</translation>
    </message>
    <message>
        <source>Voided after tender ({tenders} tenders, total {total})</source>
        <translation>Annulé après paiement ({tenders} paiements, total {total})</translation>
    </message>
    <message>
        <source>Refund/return, total {total}</source>
        <translation>Remboursement/retour, total {total}</translation>
    </message>
    <message>
        <source>1 refunded line on a {kind} ticket</source>
        <translation>1 ligne remboursée sur un ticket {kind}</translation>
    </message>
    <message>
        <source>{lines} refunded lines on a {kind} ticket</source>
        <translation>{lines} lignes remboursées sur un ticket {kind}</translation>
    </message>
    <message>
        <source>Returned {skus}: not sold at this store in the {days} days before</source>
        <translation>Retour de {skus} : non vendu dans ce magasin dans les {days} jours précédents</translation>
    </message>
    <message>
        <source>Returned {skus}: not sold at any store in the {days} days before</source>
        <translation>Retour de {skus} : non vendu dans aucun magasin dans les {days} jours précédents</translation>
    </message>
    <message>
        <source>Cash drawer opened without a sale</source>
        <translation>Tiroir-caisse ouvert sans vente</translation>
    </message>
    <message>
        <source>No sale {seconds} s after void {ticket} on this register</source>
        <translation>Ouverture sans vente {seconds} s après l’annulation {ticket} sur cette caisse</translation>
    </message>
    <message>
        <source>Discount {discount} is {percent} % of {base}</source>
        <translation>Remise de {discount}, soit {percent} % de {base}</translation>
    </message>
    <message>
        <source>1 discount approved by the operator who applied it</source>
        <translation>1 remise approuvée par l’opérateur qui l’a appliquée</translation>
    </message>
    <message>
        <source>{discounts} discounts approved by the operator who applied them</source>
        <translation>{discounts} remises approuvées par l’opérateur qui les a appliquées</translation>
    </message>
    <message>
        <source>Cash sale of exactly {total}</source>
        <translation>Vente en espèces d’exactement {total}</translation>
    </message>
    <message>
        <source>1 price override, up to {percent} % below the original price</source>
        <translation>1 prix modifié, jusqu’à {percent} % sous le prix d’origine</translation>
    </message>
    <message>
        <source>{overrides} price overrides, up to {percent} % below the original price</source>
        <translation>{overrides} prix modifiés, jusqu’à {percent} % sous le prix d’origine</translation>
    </message>
    <message>
        <source>Rung up at {time} local time, outside opening hours {opens}–{closes}</source>
        <translation>Enregistré à {time} heure locale, hors des heures d’ouverture {opens}–{closes}</translation>
    </message>
</context>
<context>
    <name>rules</name>
    <message>
        <source>Line void</source>
        <translation>Ligne annulée</translation>
    </message>
    <message>
        <source>Lines voided on a ticket that went through.</source>
        <translation>Des lignes annulées sur un ticket qui a été encaissé.</translation>
    </message>
    <message>
        <source>voided lines needed on one ticket</source>
        <translation>lignes annulées nécessaires sur un même ticket</translation>
    </message>
    <message>
        <source>Whole-ticket void</source>
        <translation>Ticket entier annulé</translation>
    </message>
    <message>
        <source>The whole ticket voided before tender (status void, or every line voided).</source>
        <translation>Le ticket entier annulé avant le paiement (statut annulé, ou toutes les lignes annulées).</translation>
    </message>
    <message>
        <source>Post void</source>
        <translation>Annulation après paiement</translation>
    </message>
    <message>
        <source>A ticket voided after it was tendered (status post void, or void with tenders).</source>
        <translation>Un ticket annulé après avoir été payé (statut annulation après paiement, ou annulation avec règlements).</translation>
    </message>
    <message>
        <source>Refund / return</source>
        <translation>Remboursement / retour</translation>
    </message>
    <message>
        <source>A refund or return ticket, or refunded lines on a ticket.</source>
        <translation>Un ticket de remboursement ou de retour, ou des lignes remboursées sur un ticket.</translation>
    </message>
    <message>
        <source>Refund without a sale</source>
        <translation>Remboursement sans vente</translation>
    </message>
    <message>
        <source>A refunded item (by SKU) that was not sold in the days before.</source>
        <translation>Un article remboursé (par référence) qui n’a pas été vendu les jours précédents.</translation>
    </message>
    <message>
        <source>how far back to look for the sale, in days</source>
        <translation>jusqu’où chercher la vente en arrière, en jours</translation>
    </message>
    <message>
        <source>the sale must be at the same store</source>
        <translation>la vente doit avoir eu lieu dans le même magasin</translation>
    </message>
    <message>
        <source>No-sale drawer open</source>
        <translation>Tiroir ouvert sans vente</translation>
    </message>
    <message>
        <source>The cash drawer opened without a sale.</source>
        <translation>Le tiroir-caisse ouvert sans vente.</translation>
    </message>
    <message>
        <source>Void then no-sale</source>
        <translation>Annulation puis ouverture sans vente</translation>
    </message>
    <message>
        <source>A no-sale on the register where a void ended shortly before (the classic cash theft pattern).</source>
        <translation>Une ouverture sans vente sur la caisse où une annulation vient de se terminer (le schéma classique de vol d’espèces).</translation>
    </message>
    <message>
        <source>longest gap between the void&apos;s end and the no-sale, in seconds</source>
        <translation>écart maximal entre la fin de l’annulation et l’ouverture sans vente, en secondes</translation>
    </message>
    <message>
        <source>Large discount</source>
        <translation>Remise importante</translation>
    </message>
    <message>
        <source>Discounts above a share of the pre-discount value of the ticket&apos;s items.</source>
        <translation>Des remises au-delà d’une part de la valeur des articles du ticket avant remise.</translation>
    </message>
    <message>
        <source>threshold in % of the subtotal before discounts (strictly above)</source>
        <translation>seuil en % du sous-total avant remises (strictement au-dessus)</translation>
    </message>
    <message>
        <source>Self-approved discount</source>
        <translation>Remise auto-approuvée</translation>
    </message>
    <message>
        <source>A discount approved by the same operator who applied it.</source>
        <translation>Une remise approuvée par l’opérateur même qui l’a appliquée.</translation>
    </message>
    <message>
        <source>Whole-dollar cash sale</source>
        <translation>Vente en espèces à montant rond</translation>
    </message>
    <message>
        <source>A cash-only sale whose total is an exact number of dollars.</source>
        <translation>Une vente payée uniquement en espèces dont le total tombe sur un montant rond, sans centimes.</translation>
    </message>
    <message>
        <source>smallest total that counts</source>
        <translation>plus petit total pris en compte</translation>
    </message>
    <message>
        <source>Price override</source>
        <translation>Prix modifié</translation>
    </message>
    <message>
        <source>A line sold below its original price.</source>
        <translation>Une ligne vendue en dessous de son prix d’origine.</translation>
    </message>
    <message>
        <source>smallest reduction that counts, in % of the original price (0: any)</source>
        <translation>plus petite réduction prise en compte, en % du prix d’origine (0 : toutes)</translation>
    </message>
    <message>
        <source>Outside opening hours</source>
        <translation>Hors des heures d’ouverture</translation>
    </message>
    <message>
        <source>A ticket rung up outside the store&apos;s opening hours, in the store&apos;s local time.</source>
        <translation>Un ticket enregistré en dehors des heures d’ouverture du magasin, à l’heure locale du magasin.</translation>
    </message>
    <message>
        <source>default opening hours, HH:MM-HH:MM (closing after midnight is allowed, 00:00-24:00 = always open)</source>
        <translation>heures d’ouverture par défaut, HH:MM-HH:MM (fermeture après minuit possible, 00:00-24:00 = toujours ouvert)</translation>
    </message>
    <message>
        <source>per store: LOCATION=HH:MM-HH:MM; LOCATION=…</source>
        <translation>par magasin : MAGASIN=HH:MM-HH:MM; MAGASIN=…</translation>
    </message>
    <message>
        <source>zone for tickets that carry no UTC offset and whose store&apos;s offset is unknown: an IANA name, +HH:MM, UTC, or empty for this workstation&apos;s zone</source>
        <translation>fuseau des tickets sans décalage UTC et dont le décalage du magasin est inconnu : un nom IANA, +HH:MM, UTC, ou vide pour le fuseau de ce poste</translation>
    </message>
    <message>
        <source>per store: LOCATION=zone; LOCATION=…</source>
        <translation>par magasin : MAGASIN=fuseau; MAGASIN=…</translation>
    </message>
    <message>
        <source>Cannot read opening hours {text}; write them like 07:00-22:00.</source>
        <translation>Heures d’ouverture {text} illisibles ; écrivez-les comme 07:00-22:00.</translation>
    </message>
    <message>
        <source>Opening hours {text} are out of range (00:00 to 24:00).</source>
        <translation>Les heures d’ouverture {text} sont hors limites (de 00:00 à 24:00).</translation>
    </message>
    <message>
        <source>Cannot read {entry}; write LOCATION=VALUE entries separated by &apos;;&apos;.</source>
        <translation>{entry} illisible ; écrivez des entrées MAGASIN=VALEUR séparées par « ; ».</translation>
    </message>
    <message>
        <source>The exceptions in this store were found by a newer OWS Desktop (rules version {found}, this one has {known}): update this workstation before it runs the rules.</source>
        <translation>Les exceptions de cette base ont été trouvées par un OWS Desktop plus récent (règles version {found}, celui-ci a la version {known}) : mettez ce poste à jour avant qu’il applique les règles.</translation>
    </message>
</context>
<context>
    <name>scope</name>
    <message>
        <source>Exporting evidence is for investigators and the director; {user} signed in without an OWS role.</source>
        <translation>L’export de preuves est réservé aux enquêteurs et à la direction ; {user} s’est connecté sans rôle OWS.</translation>
    </message>
    <message>
        <source>Exporting evidence is for investigators and the director; {user} signed in as {role}.</source>
        <translation>L’export de preuves est réservé aux enquêteurs et à la direction ; {user} s’est connecté avec le rôle {role}.</translation>
    </message>
    <message>
        <source>Cases are for investigators and the director; {user} may read them but not change them.</source>
        <translation>Les dossiers sont réservés aux enquêteurs et à la direction ; {user} peut les lire mais pas les modifier.</translation>
    </message>
    <message>
        <source>Re-running the rules is for investigators and the director; {user} reads what they found.</source>
        <translation>Relancer les règles est réservé aux enquêteurs et à la direction ; {user} lit ce qu’elles ont trouvé.</translation>
    </message>
    <message>
        <source>Flags and notes are for managers, investigators and the director; {user}&apos;s role does not review tickets.</source>
        <translation>Les signalements et les notes sont réservés aux responsables de magasin, aux enquêteurs et au directeur ; le rôle de {user} ne revoit pas les tickets.</translation>
    </message>
    <message>
        <source>Cases are for managers, investigators and the director; {user}&apos;s role does not read them.</source>
        <translation>Les dossiers sont réservés aux responsables de magasin, aux enquêteurs et à la direction ; le rôle de {user} ne les lit pas.</translation>
    </message>
    <message>
        <source>Copying a cache into the team store is for its owner (the copy writes every store&apos;s tickets, flags, cases and audit entries); {user} signed in as {role}.</source>
        <translation>Copier un cache dans la base d’équipe est réservé à son propriétaire (la copie écrit les tickets, signalements, dossiers et entrées d’audit de tous les magasins) ; {user} est connecté en tant que {role}.</translation>
    </message>
    <message>
        <source>The team store&apos;s sync service keeps it current; {user}&apos;s role does not sync it.</source>
        <translation>Le service de synchronisation de la base d’équipe la tient à jour ; le rôle de {user} ne la synchronise pas.</translation>
    </message>
    <message>
        <source>{user} may open and change cases of the stores {stores} only; {location} is not one of them.</source>
        <translation>{user} ne peut ouvrir et modifier que les dossiers des magasins {stores} ; {location} n’en fait pas partie.</translation>
    </message>
</context>
<context>
    <name>scope_view</name>
    <message>
        <source>Reviewing tickets is for directors, investigators and store managers; the sync role only syncs.</source>
        <translation>L’examen des tickets est réservé à la direction, aux enquêteurs et aux responsables de magasin ; le rôle de synchronisation ne fait que synchroniser.</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Investigator</source>
        <translation>Enquêteur</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Responsable de magasin</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <source>No OWS role</source>
        <translation>Aucun rôle OWS</translation>
    </message>
    <message>
        <source>{name} · all stores</source>
        <translation>{name} · tous les magasins</translation>
    </message>
    <message>
        <source>every store</source>
        <translation>tous les magasins</translation>
    </message>
    <message>
        <source>no store yet</source>
        <translation>aucun magasin pour l’instant</translation>
    </message>
    <message>
        <source>this role</source>
        <translation>ce rôle</translation>
    </message>
    <message>
        <source>Signed in to the team store as {who}: {stores}</source>
        <translation>Connecté à la base d’équipe en tant que {who} : {stores}</translation>
    </message>
    <message>
        <source>Team store scope: {scope}</source>
        <translation>Périmètre dans la base d’équipe : {scope}</translation>
    </message>
</context>
<context>
    <name>search_syntax</name>
    <message>
        <source>OR, AND and NOT are searched as words, not operators</source>
        <translation>OR, AND et NOT sont cherchés comme des mots, pas des opérateurs</translation>
    </message>
    <message>
        <source>quotes are ignored (the words are found in any order)</source>
        <translation>les guillemets sont ignorés (les mots sont trouvés dans n’importe quel ordre)</translation>
    </message>
    <message>
        <source>* is ignored</source>
        <translation>* est ignoré</translation>
    </message>
    <message>
        <source>a leading minus excludes nothing (-void finds void)</source>
        <translation>un signe moins devant un mot n’exclut rien (-void trouve void)</translation>
    </message>
    <message>
        <source>{typed} alone finds the total {negative} (a refund), not {positive}</source>
        <translation>{typed} seul trouve le total {negative} (un remboursement), pas {positive}</translation>
    </message>
    <message>
        <source>; </source>
        <translation> ; </translation>
    </message>
    <message>
        <source>Search: {parts}.</source>
        <translation>Recherche : {parts}.</translation>
    </message>
</context>
<context>
    <name>signing</name>
    <message>
        <source>Cannot use the signing key of exports: {reason} For automation, {env} may hold the signing key (base64 of a raw Ed25519 private key).</source>
        <translation>Impossible d’utiliser la clé de signature des exports : {reason} Pour l’automatisation, {env} peut contenir la clé de signature (base64 d’une clé privée Ed25519 brute).</translation>
    </message>
</context>
<context>
    <name>start_choice</name>
    <message>
        <source>the ticket cache on this computer</source>
        <translation>le cache des tickets sur cet ordinateur</translation>
    </message>
    <message>
        <source>the team store {place}</source>
        <translation>la base d’équipe {place}</translation>
    </message>
    <message>
        <source>the ticket file {path}</source>
        <translation>le fichier de tickets {path}</translation>
    </message>
    <message>
        <source>a store whose URL cannot be read</source>
        <translation>un stockage dont l’URL est illisible</translation>
    </message>
    <message>
        <source>{name} — {store}</source>
        <translation>{name} — {store}</translation>
    </message>
    <message>
        <source>{line} (did not open)</source>
        <translation>{line} (ne s’est pas ouverte)</translation>
    </message>
    <message>
        <source>{name} — the ticket cache on this computer, not its team store</source>
        <translation>{name} — le cache des tickets sur cet ordinateur, pas sa base d’équipe</translation>
    </message>
    <message>
        <source>Cannot open the team store</source>
        <translation>Impossible d’ouvrir la base d’équipe</translation>
    </message>
    <message>
        <source>Cannot open the ticket cache</source>
        <translation>Impossible d’ouvrir le cache des tickets</translation>
    </message>
    <message>
        <source>This store was given with --store (or OWS_DESKTOP_STORE): every connection opens it. Start without it to open a connection&apos;s own store.</source>
        <translation>Ce stockage a été donné avec --store (ou OWS_DESKTOP_STORE) : toutes les connexions l’ouvrent. Démarrez sans lui pour ouvrir le stockage propre à une connexion.</translation>
    </message>
    <message>
        <source>It is the store of the connection “{name}”. Open another connection, or quit.</source>
        <translation>C’est le stockage de la connexion « {name} ». Ouvrez une autre connexion, ou quittez.</translation>
    </message>
    <message>
        <source>It is the store of the connection “{name}”.</source>
        <translation>C’est le stockage de la connexion « {name} ».</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Open another connection…</source>
        <translation>Ouvrir une autre connexion…</translation>
    </message>
    <message>
        <source>“{name}” is open on the ticket cache on this computer.</source>
        <translation>« {name} » est ouverte sur le cache des tickets de cet ordinateur.</translation>
    </message>
    <message>
        <source>Its store, {store}, did not open; the next start tries it again. To change it: Connection ▸ Edit connection… ▸ Store.</source>
        <translation>Son stockage, {store}, ne s’est pas ouvert ; le prochain démarrage le réessaie. Pour le changer : Connexion ▸ Modifier la connexion… ▸ Stockage des tickets.</translation>
    </message>
</context>
<context>
    <name>store_away</name>
    <message>
        <source>Perhaps not saved, or only in part: the connection to the team store dropped while it was being saved. Check what was saved before you save it again.</source>
        <translation>Peut-être non enregistré, ou en partie seulement : la connexion à la base d’équipe a été interrompue pendant l’enregistrement. Vérifiez ce qui a été enregistré avant d’enregistrer de nouveau.</translation>
    </message>
    <message>
        <source>Not saved: the team store&apos;s server cannot be reached. Try again once the window&apos;s banner says the store is back.</source>
        <translation>Non enregistré : le serveur de la base d’équipe est injoignable. Réessayez quand le bandeau de la fenêtre indique que la base répond de nouveau.</translation>
    </message>
    <message>
        <source>the connection to the team store dropped while it was being saved, so it may have been, in part or whole: check before you try again</source>
        <translation>la connexion à la base d’équipe a été interrompue pendant l’enregistrement, qui a donc peut-être eu lieu, en tout ou en partie : vérifiez avant de réessayer</translation>
    </message>
    <message>
        <source>the team store&apos;s server cannot be reached; try again once the window&apos;s banner says it is back</source>
        <translation>le serveur de la base d’équipe est injoignable ; réessayez quand le bandeau de la fenêtre indique qu’il répond de nouveau</translation>
    </message>
</context>
<context>
    <name>store_errors</name>
    <message>
        <source>The ticket cache at {path} is damaged or is not an OWS Desktop cache ({detail}). Move that file aside and keep it: it may hold flags, notes and cases that no sync can bring back. A sync then fetches the tickets into a new cache; or point --data-dir elsewhere.</source>
        <translation>Le cache de tickets {path} est endommagé ou n’est pas un cache OWS Desktop ({detail}). Mettez ce fichier de côté et gardez-le : il peut contenir des signalements, des notes et des dossiers qu’aucune synchronisation ne peut rendre. Une synchronisation récupère ensuite les tickets dans un nouveau cache ; ou indiquez un autre --data-dir.</translation>
    </message>
    <message>
        <source>The cache at {path} was written by a newer OWS Desktop (schema {found}, this one knows {known}). Update the app, or point --data-dir elsewhere.</source>
        <translation>Le cache {path} a été écrit par une version plus récente d’OWS Desktop (schéma {found}, celle-ci connaît le {known}). Mettez l’application à jour, ou indiquez un autre --data-dir.</translation>
    </message>
    <message>
        <source>The disk holding the ticket cache at {path} is full ({detail}); the last change was rolled back. Free some disk space, or point --data-dir at a bigger disk, and sync again.</source>
        <translation>Le disque du cache des tickets {path} est plein ({detail}) ; la dernière modification a été annulée. Libérez de l’espace disque, ou indiquez un --data-dir sur un disque plus grand, puis synchronisez à nouveau.</translation>
    </message>
    <message>
        <source>The ticket cache at {path} stayed locked by another process ({detail}). Close the other OWS Desktop window or sync that uses it and try again.</source>
        <translation>Le cache des tickets {path} est resté verrouillé par un autre processus ({detail}). Fermez l’autre fenêtre OWS Desktop ou la synchronisation qui l’utilise, puis réessayez.</translation>
    </message>
    <message>
        <source>The ticket cache at {path} is on a read-only disk ({detail}), where it cannot be changed. Make the disk writable, or point --data-dir at a copy on a writable disk.</source>
        <translation>Le cache des tickets {path} est sur un disque en lecture seule ({detail}), où il ne peut pas être modifié. Rendez le disque accessible en écriture, ou indiquez avec --data-dir une copie sur un disque accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot use the ticket cache at {path} ({detail}). Check that the disk is present and that you own the folder and the file, or point --data-dir elsewhere.</source>
        <translation>Impossible d’utiliser le cache des tickets {path} ({detail}). Vérifiez que le disque est présent et que le dossier et le fichier vous appartiennent, ou indiquez un autre --data-dir.</translation>
    </message>
    <message>
        <source>The team store at {location} refused the connection: this login already has as many connections open as the server allows it. Close other OWS Desktop windows or commands signed in with it, or ask the admin to raise its connection limit, then try again.</source>
        <translation>La base d’équipe {location} a refusé la connexion : cet identifiant a déjà autant de connexions ouvertes que le serveur lui en permet. Fermez d’autres fenêtres ou commandes d’OWS Desktop connectées avec lui, ou demandez à l’administrateur de relever sa limite de connexions, puis réessayez.</translation>
    </message>
    <message>
        <source>The team store at {location} refused the connection: the server already has as many connections open as it allows. Try again in a moment; if it keeps refusing, ask the admin to raise the server&apos;s connection limit.</source>
        <translation>La base d’équipe {location} a refusé la connexion : le serveur a déjà autant de connexions ouvertes qu’il en permet. Réessayez dans un instant ; s’il refuse encore, demandez à l’administrateur de relever la limite de connexions du serveur.</translation>
    </message>
    <message>
        <source>The team store at {location} refused this computer or login (its server allows no such connection: no pg_hba.conf entry). Ask the admin to allow it.</source>
        <translation>La base d’équipe {location} a refusé cet ordinateur ou cet identifiant (son serveur n’autorise pas une telle connexion : aucune entrée pg_hba.conf). Demandez à l’administrateur de l’autoriser.</translation>
    </message>
    <message>
        <source>The team store at {location} has no such login ({words}). Check the user in the store URL, or ask the admin to create it.</source>
        <translation>La base d’équipe {location} ne connaît pas cet identifiant ({words}). Vérifiez l’utilisateur dans l’URL de la base, ou demandez à l’administrateur de le créer.</translation>
    </message>
    <message>
        <source>The team store at {location} does not let this login connect to its database ({words}). Ask the admin to grant it CONNECT.</source>
        <translation>La base d’équipe {location} ne permet pas à cet identifiant de se connecter à sa base de données ({words}). Demandez à l’administrateur de lui accorder CONNECT.</translation>
    </message>
    <message>
        <source>The team store&apos;s server at {location} is starting up or shutting down ({words}). Try again in a moment.</source>
        <translation>Le serveur de la base d’équipe {location} démarre ou s’arrête ({words}). Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The team store&apos;s server at {location} refused the connection: {words}</source>
        <translation>Le serveur de la base d’équipe {location} a refusé la connexion : {words}</translation>
    </message>
    <message>
        <source>The team store at {location} did not answer in time. Check that its server runs and is not overloaded, and the network to it; then try again.</source>
        <translation>La base d’équipe {location} n’a pas répondu à temps. Vérifiez que son serveur fonctionne et n’est pas surchargé, ainsi que le réseau qui y mène, puis réessayez.</translation>
    </message>
    <message>
        <source>The team store at {location} did not answer a read within {seconds} s, so OWS Desktop stopped waiting. Check that its server runs and is not overloaded, then try again.</source>
        <translation>La base d’équipe {location} n’a pas répondu à une lecture en {seconds} s : OWS Desktop a cessé d’attendre. Vérifiez que son serveur fonctionne et n’est pas surchargé, puis réessayez.</translation>
    </message>
</context>
<context>
    <name>store_password</name>
    <message>
        <source>Could not switch to {name}.</source>
        <translation>Impossible de basculer vers {name}.</translation>
    </message>
    <message>
        <source>The team store {place} refused the password of {role}.</source>
        <translation>La base d’équipe {place} a refusé le mot de passe de {role}.</translation>
    </message>
    <message>
        <source>This window stays on the store it was on.</source>
        <translation>Cette fenêtre reste sur le stockage qu’elle affichait.</translation>
    </message>
    <message>
        <source>Switch to {name} cancelled.</source>
        <translation>Bascule vers {name} annulée.</translation>
    </message>
    <message>
        <source>Password not remembered</source>
        <translation>Mot de passe non mémorisé</translation>
    </message>
</context>
<context>
    <name>store_switch</name>
    <message>
        <source>Connecting to {name}…</source>
        <translation>Connexion à {name}…</translation>
    </message>
    <message>
        <source>Opening the team store {place}. This window stays on the store it is on, and usable, until it answers.</source>
        <translation>Ouverture de la base d’équipe {place}. Cette fenêtre reste sur sa base, et utilisable, jusqu’à ce qu’elle réponde.</translation>
    </message>
    <message>
        <source>Switch to {name} cancelled.</source>
        <translation>Bascule vers {name} annulée.</translation>
    </message>
    <message>
        <source>This window stays on the store it was on.</source>
        <translation>Cette fenêtre reste sur le stockage qu’elle affichait.</translation>
    </message>
</context>
<context>
    <name>sync_bar</name>
    <message>
        <source>estimating…</source>
        <translation>estimation…</translation>
    </message>
    <message>
        <source>{value} h {value2:02d} min</source>
        <translation>{value} h {value2:02d} min</translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation>{rate}/s</translation>
    </message>
    <message>
        <source>ETA {eta}</source>
        <translation>fin prévue dans {eta}</translation>
    </message>
</context>
<context>
    <name>theme</name>
    <message>
        <source>Void</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>Sans vente</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Signalé</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Décaissement</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>Exception</translation>
    </message>
</context>
<context>
    <name>ticket_cells</name>
    <message>
        <source>{store_time_text} (store time)
{utc_text}
{format_local} (this workstation)</source>
        <translation>{store_time_text} (heure du magasin)
{utc_text}
{format_local} (ce poste)</translation>
    </message>
    <message>
        <source>No exceptions</source>
        <translation>Aucune exception</translation>
    </message>
    <message>
        <source>No status</source>
        <translation>Aucun statut</translation>
    </message>
</context>
<context>
    <name>ticket_columns</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Caisse</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Art.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Exceptions</translation>
    </message>
    <message>
        <source>When the ticket started, with its offset from UTC: in the store&apos;s local time, or in this workstation&apos;s (Preferences ▸ Display); hover a time for the others. Sorted by the moment itself, so in store time the stores of other time zones interleave</source>
        <translation>Début du ticket, avec son décalage par rapport à UTC : à l’heure locale du magasin, ou à celle de ce poste (Préférences ▸ Affichage) ; survolez une heure pour voir les autres. Trié selon l’instant lui-même : à l’heure des magasins, ceux d’autres fuseaux horaires s’entremêlent</translation>
    </message>
    <message>
        <source>Store (OWS location)</source>
        <translation>Magasin (site OWS)</translation>
    </message>
    <message>
        <source>Register (terminal)</source>
        <translation>Caisse (terminal)</translation>
    </message>
    <message>
        <source>Operator (cashier), with the employee ID where the ticket has one; sorted by name</source>
        <translation>Opérateur (caissier), avec son matricule quand le ticket en porte un ; trié par nom</translation>
    </message>
    <message>
        <source>Ticket status as sent by the POS</source>
        <translation>Statut du ticket tel qu’envoyé par la caisse</translation>
    </message>
    <message>
        <source>Number of line items</source>
        <translation>Nombre de lignes d’articles</translation>
    </message>
    <message>
        <source>Ticket total</source>
        <translation>Total du ticket</translation>
    </message>
    <message>
        <source>Exceptions: V void, R refund/return, N no sale, D discount, F flagged, E another exception the rules found (its tooltip names it)</source>
        <translation>Exceptions : V annulation, R remboursement/retour, N sans vente, D remise, F signalé, E autre exception trouvée par les règles (son infobulle la nomme)</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulation</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>Sans vente</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Signalé</translation>
    </message>
    <message>
        <source>Other exception</source>
        <translation>Autre exception</translation>
    </message>
    <message>
        <source>invalid time ({format_iso_utc})</source>
        <translation>heure invalide ({format_iso_utc})</translation>
    </message>
</context>
<context>
    <name>ticket_status</name>
    <message>
        <source>Sale</source>
        <translation>Vente</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Post void</source>
        <translation>Post-annulation</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>Sans vente</translation>
    </message>
    <message>
        <source>Paid out</source>
        <translation>Décaissement</translation>
    </message>
</context>
<context>
    <name>time_span</name>
    <message>
        <source>{dates} — counted back from each store&apos;s own today, in its time</source>
        <translation>{dates} — comptés depuis le jour de chaque magasin, à son heure</translation>
    </message>
    <message>
        <source>{start} 00:00 to {end} 00:00 in each store&apos;s time</source>
        <translation>du {start} 00:00 au {end} 00:00, à l&apos;heure de chaque magasin</translation>
    </message>
    <message>
        <source>{start} to {end}, this workstation&apos;s time</source>
        <translation>du {start} au {end}, heure de ce poste</translation>
    </message>
    <message>
        <source>{day} at {zones}</source>
        <translation>le {day} à {zones}</translation>
    </message>
    <message>
        <source>{first} to {last} at {zones}</source>
        <translation>du {first} au {last} à {zones}</translation>
    </message>
    <message>
        <source>Chosen days</source>
        <translation>Jours choisis</translation>
    </message>
    <message>
        <source>{name}: {span}</source>
        <translation>{name} : {span}</translation>
    </message>
    <message>
        <source>Only tickets that started in this period.</source>
        <translation>Seulement les tickets commencés dans cette période.</translation>
    </message>
    <message>
        <source>Counted back from each store&apos;s own today: the date its clock reads now.</source>
        <translation>Comptés depuis le jour de chaque magasin : la date qu&apos;affiche son horloge maintenant.</translation>
    </message>
    <message>
        <source>A store whose time zone is not known: its UTC day, as its rows show.</source>
        <translation>Magasin dont le fuseau horaire est inconnu : son jour UTC, comme l&apos;affichent ses lignes.</translation>
    </message>
</context>
<context>
    <name>tls</name>
    <message>
        <source>it is issued by a certificate authority this computer does not trust. If your company inspects HTTPS traffic, ask IT to install its root certificate in the system&apos;s certificate store</source>
        <translation>il est émis par une autorité de certification à laquelle cet ordinateur ne fait pas confiance. Si votre entreprise inspecte le trafic HTTPS, demandez au service informatique d’installer son certificat racine dans le magasin de certificats du système</translation>
    </message>
    <message>
        <source>it is self-signed (no certificate authority vouches for it)</source>
        <translation>il est auto-signé (aucune autorité de certification ne s’en porte garante)</translation>
    </message>
    <message>
        <source>it is not valid yet (or this computer&apos;s clock is wrong)</source>
        <translation>il n’est pas encore valide (ou l’horloge de cet ordinateur est fausse)</translation>
    </message>
    <message>
        <source>it has expired (or this computer&apos;s clock is wrong)</source>
        <translation>il a expiré (ou l’horloge de cet ordinateur est fausse)</translation>
    </message>
    <message>
        <source>it has been revoked by its issuer</source>
        <translation>il a été révoqué par son émetteur</translation>
    </message>
    <message>
        <source>it was issued for another host name</source>
        <translation>il a été émis pour un autre nom d’hôte</translation>
    </message>
    <message>
        <source>it could not be verified ({detail})</source>
        <translation>il n’a pas pu être vérifié ({detail})</translation>
    </message>
    <message>
        <source>The certificate of {host} was not accepted: {problem}. Nothing was sent to {host}.</source>
        <translation>Le certificat de {host} n’a pas été accepté : {problem}. Rien n’a été envoyé à {host}.</translation>
    </message>
</context>
<context>
    <name>video_clock</name>
    <message>
        <source>The frame&apos;s own time: paused, the video was sought to this very frame.</source>
        <translation>L’heure propre de l’image : en pause, la vidéo a été positionnée sur cette image précise.</translation>
    </message>
    <message>
        <source>Counted: the video player&apos;s last reported time plus the frames stepped since (it reports no time for a stepped frame); the picture may be up to 0.3 s later, or a frame earlier.</source>
        <translation>Comptée : la dernière heure indiquée par le lecteur vidéo plus les images avancées depuis (il n’indique aucune heure pour une image avancée) ; l’image peut être jusqu’à 0,3 s plus tard, ou une image plus tôt.</translation>
    </message>
    <message>
        <source>The video player&apos;s reported time: the picture may be up to 0.3 s later.</source>
        <translation>L’heure indiquée par le lecteur vidéo : l’image peut être jusqu’à 0,3 s plus tard.</translation>
    </message>
    <message>
        <source>{time}: the time a snapshot of this frame records</source>
        <translation>{time} : l’heure qu’une capture de cette image enregistre</translation>
    </message>
</context>
<context>
    <name>video_keys</name>
    <message>
        <source>&amp;Play / pause</source>
        <translation>&amp;Lecture / pause</translation>
    </message>
    <message>
        <source>&amp;Back 5 s</source>
        <translation>&amp;Reculer de 5 s</translation>
    </message>
    <message>
        <source>F&amp;orward 5 s</source>
        <translation>A&amp;vancer de 5 s</translation>
    </message>
    <message>
        <source>Frame b&amp;ack</source>
        <translation>Image pr&amp;écédente</translation>
    </message>
    <message>
        <source>&amp;Frame forward</source>
        <translation>Image &amp;suivante</translation>
    </message>
    <message>
        <source>&amp;Snapshot</source>
        <translation>&amp;Capture</translation>
    </message>
    <message>
        <source>Vi&amp;deo</source>
        <translation>Vi&amp;déo</translation>
    </message>
</context>
<context>
    <name>window_menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>&amp;Ticket</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Connexion</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
</context>
<context>
    <name>window_session</name>
    <message>
        <source>An unexpected error ({kind}) stopped it. The details are in the log.</source>
        <translation>Une erreur inattendue ({kind}) l’en a empêché. Les détails sont dans le fichier journal.</translation>
    </message>
    <message>
        <source>An unexpected error ({kind}) stopped it. The details were written to {log_file}; please send that file to support.</source>
        <translation>Une erreur inattendue ({kind}) l’en a empêché. Les détails ont été écrits dans {log_file} ; veuillez envoyer ce fichier au support.</translation>
    </message>
    <message>
        <source>Could not switch to {name}.</source>
        <translation>Impossible de basculer vers {name}.</translation>
    </message>
    <message>
        <source>This window stays on the store it was on.</source>
        <translation>Cette fenêtre reste sur le stockage qu’elle affichait.</translation>
    </message>
    <message>
        <source>The window could not open</source>
        <translation>La fenêtre n’a pas pu s’ouvrir</translation>
    </message>
</context>
<context>
    <name>zones</name>
    <message>
        <source>Unknown time zone {value}: use an IANA name (America/New_York), an offset (+05:30, -0800), UTC, or leave it empty for this workstation&apos;s zone.</source>
        <translation>Fuseau horaire {value} inconnu : utilisez un nom IANA (Europe/Paris), un décalage (+05:30, -0800), UTC, ou laissez vide pour le fuseau de ce poste.</translation>
    </message>
    <message>
        <source>Cannot read the UTC offset {text}; write it like +05:30 or -0800.</source>
        <translation>Décalage UTC {text} illisible ; écrivez-le comme +05:30 ou -0800.</translation>
    </message>
    <message>
        <source>The UTC offset {text} is out of range.</source>
        <translation>Le décalage UTC {text} est hors limites.</translation>
    </message>
</context>
</TS>
