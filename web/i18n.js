// One dictionary for German (default) and English; dates and numbers in the member's language.
const de = {
  // settings (admins)
  settings: 'Einstellungen', retention: 'Aufbewahrung', retentionIntro: 'Nach so vielen Tagen ab Eingang werden Mails gelöscht, die niemand mehr braucht (1 bis 3650).',
  unresolvedDays: 'Ungeklärte Mails (Tage)', quarantineDays: 'Quarantäne (Tage)', heldDays: 'Zurückgehaltene Mails (Tage)', rawMailDays: 'Rohmails (Tage)',
  neverLog: 'Nie protokollieren', neverLogIntro: 'Mails, deren Personen außerhalb des Teams alle auf dieser Liste stehen, hinterlassen keine Spur; bisher {0}. In anderen Mails werden sie entfernt.',
  neverLogDomains: 'Domains', neverLogAddresses: 'Adressen', onePerLine: 'Eine pro Zeile.',
  teamAddresses: 'Team-Adressen', teamAddressesIntro: 'Gemeinsame Adressen wie info@: nie Gegenüber; ihre Mails werden für das gewählte Mitglied protokolliert.',
  teamAddress: 'Adresse', teamAddressMember: 'Mitglied', addTeamAddress: 'Team-Adresse hinzufügen',
  downloadCsv: 'CSV herunterladen', reports: 'Berichte', searchAll: 'Suchen (/)', interactionsGroup: 'Aktivitäten', fromMonth: 'Von (Monat)', toMonth: 'Bis (Monat)', show: 'Anzeigen',
  funnel: 'Trichter', funnelHint: 'Verkaufschancen, die im Zeitraum angelegt wurden: wie viele jede Phase erreicht haben.',
  reached: 'Erreicht', openNow: 'Jetzt offen', entered: 'Im Zeitraum eingetreten', toNext: 'Weiter gekommen', toWon: 'Gewonnen',
  daysInStageTitle: 'Tage in der Phase', daysHint: 'Median der Aufenthalte, die im Zeitraum endeten (≈: gerundet auf den Bereich).',
  medianDays: 'Median (Tage)', stays: 'Aufenthalte', daysN: '{0} Tage', lostReasons: 'Verlustgründe', reason: 'Grund', count: 'Anzahl',
  noLosses: 'Keine verlorenen Verkaufschancen im Zeitraum.', winRates: 'Abschlussquote', won: 'Gewonnen', lost: 'Verloren', winRate: 'Quote',
  quarters: 'Quartale', quarter: 'Quartal', createdCount: 'Angelegt',
  appName: 'Integreat CRM', skip: 'Zum Inhalt springen', nav: 'Hauptnavigation', loading: 'Lädt …',
  home: 'Start', accounts: 'Organisationen', contacts: 'Kontakte', pipeline: 'Pipeline', tasks: 'Aufgaben',
  inbox: 'Ungeklärte Mails', team: 'Team', signOut: 'Abmelden', switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English', signInTitle: 'Anmelden', signInLocal: 'Lokale Anmeldung: Der Runner stellt ein Token für ein aktives Teammitglied aus.',
  signInCognito: 'Mit dem Konto deiner Organisation anmelden', signIn: 'Anmelden', email: 'E-Mail-Adresse',
  signedInAs: 'Angemeldet als {0}', save: 'Speichern', cancel: 'Abbrechen', edit: 'Bearbeiten', create: 'Anlegen',
  delete: 'Löschen', close: 'Schließen', search: 'Suche', searchAccounts: 'Organisationen durchsuchen', searchContacts: 'Kontakte durchsuchen',
  all: 'Alle', none: '—', more: 'Mehr laden', saved: 'Gespeichert.', created: 'Angelegt.', empty: 'Nichts gefunden.',
  conflict: 'Jemand anderes hat diesen Datensatz inzwischen geändert. Neu laden?', reload: 'Neu laden',
  errorGeneric: 'Das hat nicht geklappt: {0}', fieldErrors: 'Bitte die markierten Felder prüfen.', offline: 'Der Server ist nicht erreichbar.',
  sessionExpired: 'Die Anmeldung ist abgelaufen. Bitte erneut anmelden.',
  // start page
  heldTitle: 'Bitte bestätigen: Mails in Ihrem Namen', heldIntro: 'Diese Mails kamen mit Ihrer Adresse als Absender, ließen sich aber nicht prüfen (DMARC). Haben Sie sie geschickt, legen Sie sie ab; sonst verwerfen Sie sie.',
  heldUntil: 'bestätigen bis {0}', heldConfirm: 'Bestätigen und ablegen', heldDrop: 'Verwerfen', heldConfirmed: 'Mail bestätigt und abgelegt.',
  heldNotLogged: 'Bestätigt, aber nicht abgelegt: die Mail ging nur an Mitglieder des Teams.', heldDropped: 'Mail verworfen.',
  aliasTitle: 'Zweite Adresse bestätigen', aliasConfirmed: 'Bestätigt. Ihre weiteren Adressen: {0}',
  hello: 'Hallo {0}', myTasksDue: 'Meine Aufgaben: heute fällig und überfällig', noTasksDue: 'Heute ist nichts fällig.',
  unresolvedCount: 'Ungeklärte Mails', unresolvedWaiting: '{0} Mails warten auf eine Zuordnung.', unresolvedNone: 'Keine Mail wartet auf eine Zuordnung.',
  toInbox: 'Zu den ungeklärten Mails', pipelineGlance: 'Pipeline auf einen Blick', recent: 'Letzte Aktivitäten im Team', noRecent: 'Noch keine Aktivitäten.',
  overdue: 'überfällig', dueToday: 'heute fällig',
  // accounts
  newAccount: 'Neue Organisation', editAccount: 'Organisation bearbeiten', name: 'Name', type: 'Art', website: 'Website', phone: 'Telefon',
  street: 'Straße', postalCode: 'PLZ', city: 'Ort', state: 'Bundesland', country: 'Land', notes: 'Notizen', address: 'Adresse',
  fromSalesforce: 'aus Salesforce', salesforceId: 'Salesforce-ID', files: 'Dateien',
  emailDomains: 'Mail-Domains', emailDomainsHint: 'Durch Komma getrennt, z. B. augsburg.de – Mails von unbekannten Adressen dieser Domain landen hier.',
  allTypes: 'Alle Arten', MUNICIPALITY: 'Kommune', PARTNER: 'Partner', SUPPLIER: 'Dienstleister', CUSTOMER: 'Kunde', OTHER: 'Sonstige',
  contactsOf: 'Kontakte', opportunities: 'Verkaufschancen', openTasks: 'Offene Aufgaben', timeline: 'Verlauf', noContacts: 'Noch keine Kontakte.',
  noOpportunities: 'Keine Verkaufschancen.', noTimeline: 'Noch keine Einträge.', logCall: 'Anruf protokollieren', newTask: 'Neue Aufgabe',
  newContactHere: 'Neuer Kontakt', newOpportunity: 'Neue Verkaufschance', details: 'Stammdaten', backTo: 'Zurück zu {0}',
  duplicates: 'Dubletten', duplicatesIntro: 'Kontakte und Organisationen, die vielleicht doppelt angelegt sind: gleicher Name (auch Weiß/Weiss, Jürgen/Juergen), gleiche Telefonnummer oder gleiche Adresse.',
  duplicatesAll: 'Alle Dubletten', duplicateHint: 'Vielleicht doppelt:', noDuplicates: 'Keine möglichen Dubletten.', duplicateFirst: 'Datensatz', duplicateSecond: 'Möglicherweise derselbe', duplicateReason: 'Gemeinsam',
  duplicateNAME: 'gleicher Name', duplicatePHONE: 'gleiche Telefonnummer', duplicateADDRESS: 'gleiche Adresse', findDuplicates: 'Dubletten',
  // contacts
  newContact: 'Neuer Kontakt', editContact: 'Kontakt bearbeiten', firstName: 'Vorname', lastName: 'Nachname', title: 'Funktion',
  emails: 'E-Mail-Adressen', phones: 'Telefonnummern', commaHint: 'Mehrere durch Komma getrennt.', account: 'Organisation', noAccount: '(keine)',
  linkedMails: '{0} wartende Mails wurden dem Kontakt zugeordnet.',
  // interactions
  callSummary: 'Worum ging es?', outcome: 'Ergebnis', nextSteps: 'Nächste Schritte', contact: 'Gesprächspartner', occurredAt: 'Zeitpunkt',
  followUp: 'Folgeaufgabe anlegen', followUpTitle: 'Titel der Folgeaufgabe', callLogged: 'Anruf protokolliert.', callLoggedWithTask: 'Anruf protokolliert, Folgeaufgabe angelegt.',
  CALL: 'Anruf', MEETING: 'Termin', NOTE: 'Notiz', EMAIL: 'E-Mail', INTERACTION: 'Aktivität', TASK: 'Aufgabe', STAGE_CHANGE: 'Phasenwechsel',
  taskOpen: 'Aufgabe offen', taskDone: 'Aufgabe erledigt', stageFrom: 'von {0}', by: 'von {0}',
  // tasks
  mine: 'Meine', everybody: 'Alle', open: 'Offen', done: 'Erledigt', dueDate: 'Fällig am', assignee: 'Zuständig', description: 'Beschreibung',
  complete: 'Erledigt', reopen: 'Wieder öffnen', editTask: 'Aufgabe bearbeiten', noTasks: 'Keine Aufgaben.', status: 'Status',
  handover: 'Urlaubsvertretung', handoverIntro: 'Offene Aufgaben, die in einem Zeitraum fällig werden, an eine Kollegin oder einen Kollegen übergeben.',
  fromMember: 'Von', toMember: 'An', dueFrom: 'Fällig ab', dueUntil: 'Fällig bis', handoverDo: 'Übergeben', handedOver: '{0} Aufgaben übergeben.',
  completedMsg: 'Aufgabe erledigt.', reopenedMsg: 'Aufgabe wieder geöffnet.', handedOverFrom: 'übernommen von {0}',
  // pipeline
  board: 'Board', municipalities: 'Kommunen', moveTo: 'Verschieben nach', move: 'Verschieben', lostReason: 'Grund für die Absage',
  lostTitle: 'Verkaufschance verloren', moved: '„{0}“ steht jetzt auf {1}.', daysInStage: '{0} Tage in dieser Phase', stale: 'Ruht',
  staleHint: 'Seit über 30 Tagen kein Kontakt und keine offene Aufgabe', lastContact: 'Letzter Kontakt', nextTask: 'Nächste Aufgabe',
  stage: 'Phase', noOpportunity: 'Keine Verkaufschance', closedState: 'Abgeschlossen', owner: 'Verantwortlich', expectedCloseDate: 'Erwarteter Abschluss',
  amount: 'Betrag (€)', truncated: 'Nicht alle Verkaufschancen passen auf das Board.', reopenOpp: 'Wieder öffnen',
  opportunityOnlyMunicipality: 'Verkaufschancen gibt es nur für Kommunen.',
  // inbox
  inboxIntro: 'Mails, deren Adressen zu keinem Kontakt passen. Ordne sie einem Kontakt zu oder lege den Kontakt direkt an.',
  from: 'Von', to: 'An', cc: 'Cc', subject: 'Betreff', received: 'Eingegangen', assign: 'Zuordnen', assignTo: 'Einem Kontakt zuordnen',
  createContactFrom: 'Kontakt aus {0} anlegen', discard: 'Verwerfen', discardConfirm: 'Diese Mail verwerfen?', discarded: 'Mail verworfen.', assigned: 'Mail zugeordnet.',
  allAddresses: 'Alle {0} Adressen zeigen',
  noUnresolved: 'Alle Mails sind zugeordnet.', noSubject: '(ohne Betreff)', chooseContact: 'Kontakt wählen', contactSearchHint: 'Name eintippen, dann wählen.',
  // team
  members: 'Mitglieder', addMember: 'Mitglied hinzufügen', role: 'Rolle', ADMIN: 'Admin', MEMBER: 'Mitglied', language: 'Sprache',
  active: 'Aktiv', inactive: 'Deaktiviert', deactivate: 'Deaktivieren', deactivateTitle: '{0} deaktivieren', reassignTo: 'Offene Aufgaben übergeben an',
  deactivated: '{0} wurde deaktiviert.', inboundTitle: 'Mails ins CRM bringen',
  inboundBcc: 'Schreibst du jemandem außerhalb, setze diese Adresse in BCC – die Mail landet beim Kontakt und seiner Organisation.',
  inboundForward: 'Hast du eine Mail bekommen, leite sie an diese Adresse weiter – das CRM erkennt den ursprünglichen Absender.',
  inboundPlus: 'Mit crm+<ID>@… ordnest du eine Mail direkt einer Organisation oder Verkaufschance zu.',
  contactRecord: 'Kontakt', chooseRecord: 'Datensatz wählen', municipality: 'Kommune', share: 'Anteil (%)', addMunicipality: 'Weitere Kommune', editOpportunity: 'Verkaufschance bearbeiten',
  deleteOpportunity: 'Verkaufschance löschen?', changeRole: 'Rolle ändern', changeRoleOf: 'Rolle von {0} ändern',
  quarantine: 'Quarantäne', openEntry: 'Öffnen', mail: 'Mail', preview: 'Vorschau', openMail: 'Mail öffnen', sender: 'Absender',
  recipients: 'Empfänger', loggedBy: 'Abgelegt von {0}', records: 'Abgelegt bei', reason: 'Grund', remove: 'Entfernen',
  addLink: 'Bei weiterem Datensatz ablegen', recordKind: 'Art des Datensatzes', linkAdded: 'Mail abgelegt.', linkRemoved: 'Verknüpfung entfernt.',
  forwarderNote: 'Notiz der Weiterleitung', body: 'Inhalt', showRemoteImages: 'Externe Bilder laden', remoteImagesBlocked: 'Externe Bilder sind blockiert.',
  attachments: 'Anhänge', noAttachments: 'Keine Anhänge.', download: 'Herunterladen', notKept: 'nicht aufbewahrt: {0}', inlineImage: 'im Text',
  rawMail: 'Original-Mail (.eml)', rawMailExpired: 'Die Original-Mail ist abgelaufen (aufbewahrt bis {0}); Text und Anhänge bleiben.',
  thread: 'Unterhaltung', noThread: 'Keine weiteren Mails dieser Unterhaltung.', participants: 'Beteiligte', unresolvedMail: 'Diese Mail wartet auf eine Zuordnung.',
  CONTACT_ADDRESS: 'Adresse des Kontakts', CONTACT_ACCOUNT: 'Organisation des Kontakts', ACCOUNT_DOMAIN: 'Mail-Domain der Organisation',
  PLUS_ADDRESS: 'Plus-Adresse', MANUAL: 'von Hand', opportunity: 'Verkaufschance', onlyMine: 'Nur meine', filterAddress: 'Nach Adresse filtern',
  discardSelected: 'Ausgewählte verwerfen', select: 'Auswählen', discardedMany: '{0} Mails verworfen.', htmlNotKept: 'HTML nicht aufbewahrt: {0}',
  quarantineIntro: 'Abgewiesene Mails. Freigeben legt die Mail ab, als hätte das gewählte Mitglied sie geschickt.',
  exportPerson: 'Export', erasePerson: 'Löschen nach Art. 17', eraseSubmit: 'Endgültig löschen',
  eraseIntro: 'Löscht {0} mit allen Mails, in denen nur diese Person vorkommt; in Mails mit anderen wird sie unkenntlich gemacht. Das lässt sich nicht rückgängig machen.',
  eraseTypeName: 'Zur Bestätigung den Namen eingeben: {0}', eraseReason: 'Grund', eraseReasonHint: 'Kommt ins Protokoll: z. B. Datum und Weg des Antrags, ohne Namen.',
  eraseNameMismatch: 'Der Name stimmt nicht überein.', erased: 'Gelöscht ({0} Einträge und Dateien).',
  audit: 'Protokoll', auditIntro: 'Wer wann was getan hat: Auskünfte, Löschungen, Importe, Rollen, Quarantäne. Einträge lassen sich nicht ändern.',
  auditWhen: 'Wann', auditWho: 'Wer', auditAction: 'Was', auditRecord: 'Datensatz', noAudit: 'Noch keine Einträge.',
  audit_CONTACT_EXPORTED: 'Auskunft (Export)', audit_CONTACT_ERASED: 'Löschung (Art. 17)', audit_IMPORT_RUN: 'Import',
  audit_MEMBER_ROLE_CHANGED: 'Rolle geändert', audit_MEMBER_DEACTIVATED: 'Deaktiviert', audit_QUARANTINE_RELEASED: 'Quarantäne: freigegeben', audit_SETTINGS_CHANGED: 'Einstellungen geändert',
  audit_QUARANTINE_DELETED: 'Quarantäne: gelöscht',
  release: 'Freigeben', releaseTo: 'Freigeben als Mail von', released: 'Mail freigegeben.', deleteMail: 'Mail löschen',
  deleteConfirm: 'Diese Mail und ihre Original-Mail endgültig löschen?', deleted: 'Gelöscht.', noQuarantine: 'Keine Mail in Quarantäne.',
  copy: 'Kopieren', copied: 'Adresse kopiert.', de: 'Deutsch', en: 'English',
  // follow-ups, calendar, snoozes, recurrence
  mySettings: 'Meine Einstellungen', followUpDays: 'Nachfassen nach (Tagen, 0 = aus)',
  followUpHint: 'Bleibt eine Mail an Externe so lange ohne Antwort, bekommst du eine Aufgabe „Keine Antwort: …“. Für eine Mail: crm+3d@… oder crm+nofollowup@….',
  calendarTitle: 'Kalender-Abo', calendarIntro: 'Deine offenen Aufgaben als Kalender (iCal) – geheimer Link, ohne Anmeldung lesbar.',
  calendarCreate: 'Kalender-Link erstellen', calendarRotate: 'Neuen Link erstellen (alter wird ungültig)', calendarRevoke: 'Link widerrufen',
  calendarRevoked: 'Kalender-Link widerrufen.', calendarNone: 'Kein Link angezeigt: ein vorhandener Link bleibt gültig, bis du einen neuen erstellst oder ihn widerrufst.',
  linkCopied: 'Link kopiert.', snooze: 'Zurückstellen', snoozeTitle: 'Zurückstellen: {0}', snoozeUntil: 'Bis', snoozeReason: 'Grund',
  snoozedUntil: 'zurückgestellt bis {0}: {1}', unsnooze: 'Zurückstellung aufheben', snoozedMsg: 'Zurückgestellt bis {0}.', unsnoozedMsg: 'Zurückstellung aufgehoben.',
  recurrence: 'Wiederholung', recurrenceNone: 'keine', every: 'alle', DAY: 'Tage', WEEK: 'Wochen', MONTH: 'Monate', YEAR: 'Jahre',
  repeats: 'wiederholt sich alle {0} {1}', NO_REPLY: 'Keine Antwort', SNOOZE_ENDED: 'Wiedervorlage',
  followUpAsk: 'Nachfassen?', followUp_ARMED: 'Wartet auf Antwort bis {0}.', followUp_ANSWERED: 'Beantwortet.',
  followUp_TASK_CREATED: 'Keine Antwort: Aufgabe angelegt.', followUp_CLOSED: 'Beendet (Absender nicht mehr im Team).',
  followUp_OFF: 'Kein Nachfassen für diese Mail.', toTask: 'Zur Aufgabe',
  INBOUND: 'eingehend', OUTBOUND: 'ausgehend', you: '(du)',
};

const en = {
  settings: 'Settings', retention: 'Retention', retentionIntro: 'Mail nobody needs is deleted this many days after it arrived (1 to 3650).',
  unresolvedDays: 'Unresolved mail (days)', quarantineDays: 'Quarantine (days)', heldDays: 'Held mail (days)', rawMailDays: 'Raw mail (days)',
  neverLog: 'Never log', neverLogIntro: 'Mail whose outside people are all on this list leaves no trace; {0} so far. In other mail they are left out.',
  neverLogDomains: 'Domains', neverLogAddresses: 'Addresses', onePerLine: 'One per line.',
  teamAddresses: 'Team addresses', teamAddressesIntro: 'Shared addresses such as info@: never counterparts; their mail is logged for the chosen member.',
  teamAddress: 'Address', teamAddressMember: 'Member', addTeamAddress: 'Add team address',
  downloadCsv: 'Download CSV', reports: 'Reports', searchAll: 'Search (/)', interactionsGroup: 'Activities', fromMonth: 'From (month)', toMonth: 'To (month)', show: 'Show',
  funnel: 'Funnel', funnelHint: 'Opportunities created in the period: how many reached each stage.',
  reached: 'Reached', openNow: 'Open now', entered: 'Entered in the period', toNext: 'Moved on', toWon: 'Won',
  daysInStageTitle: 'Days in stage', daysHint: 'Median of the stays that ended in the period (≈: rounded to its range).',
  medianDays: 'Median (days)', stays: 'Stays', daysN: '{0} days', lostReasons: 'Lost reasons', reason: 'Reason', count: 'Count',
  noLosses: 'No opportunities lost in the period.', winRates: 'Win rate', won: 'Won', lost: 'Lost', winRate: 'Rate',
  quarters: 'Quarters', quarter: 'Quarter', createdCount: 'Created',
  appName: 'Integreat CRM', skip: 'Skip to content', nav: 'Main navigation', loading: 'Loading …',
  home: 'Home', accounts: 'Organisations', contacts: 'Contacts', pipeline: 'Pipeline', tasks: 'Tasks',
  inbox: 'Unresolved mail', team: 'Team', signOut: 'Sign out', switchLanguage: 'Deutsch',
  switchLanguageLabel: 'Auf Deutsch umschalten', signInTitle: 'Sign in', signInLocal: 'Local sign-in: the runner issues a token for an active team member.',
  signInCognito: "Sign in with your organisation's account", signIn: 'Sign in', email: 'Email address',
  signedInAs: 'Signed in as {0}', save: 'Save', cancel: 'Cancel', edit: 'Edit', create: 'Create',
  delete: 'Delete', close: 'Close', search: 'Search', searchAccounts: 'Search organisations', searchContacts: 'Search contacts',
  all: 'All', none: '—', more: 'Load more', saved: 'Saved.', created: 'Created.', empty: 'Nothing found.',
  conflict: 'Someone else has changed this record in the meantime. Reload?', reload: 'Reload',
  errorGeneric: 'That did not work: {0}', fieldErrors: 'Please check the marked fields.', offline: 'The server cannot be reached.',
  sessionExpired: 'Your session has expired. Please sign in again.',
  heldTitle: 'Please confirm: mails in your name', heldIntro: 'These mails came with your address as sender, but could not be verified (DMARC). If you sent them, log them; otherwise drop them.',
  heldUntil: 'confirm by {0}', heldConfirm: 'Confirm and log', heldDrop: 'Drop', heldConfirmed: 'Mail confirmed and logged.',
  heldNotLogged: 'Confirmed, but not logged: the mail went only to members of the team.', heldDropped: 'Mail dropped.',
  aliasTitle: 'Confirm a second address', aliasConfirmed: 'Confirmed. Your other addresses: {0}',
  hello: 'Hello {0}', myTasksDue: 'My tasks: due today and overdue', noTasksDue: 'Nothing due today.',
  unresolvedCount: 'Unresolved mail', unresolvedWaiting: '{0} mails wait to be assigned.', unresolvedNone: 'No mail is waiting to be assigned.',
  toInbox: 'Go to unresolved mail', pipelineGlance: 'Pipeline at a glance', recent: 'Recent team activity', noRecent: 'No activity yet.',
  overdue: 'overdue', dueToday: 'due today',
  newAccount: 'New organisation', editAccount: 'Edit organisation', name: 'Name', type: 'Type', website: 'Website', phone: 'Phone',
  street: 'Street', postalCode: 'Postal code', city: 'City', state: 'State', country: 'Country', notes: 'Notes', address: 'Address',
  fromSalesforce: 'from Salesforce', salesforceId: 'Salesforce Id', files: 'Files',
  emailDomains: 'Mail domains', emailDomainsHint: 'Comma-separated, e.g. augsburg.de – mail from unknown addresses at these domains is logged here.',
  allTypes: 'All types', MUNICIPALITY: 'Municipality', PARTNER: 'Partner', SUPPLIER: 'Supplier', CUSTOMER: 'Customer', OTHER: 'Other',
  contactsOf: 'Contacts', opportunities: 'Opportunities', openTasks: 'Open tasks', timeline: 'Timeline', noContacts: 'No contacts yet.',
  noOpportunities: 'No opportunities.', noTimeline: 'No entries yet.', logCall: 'Log a call', newTask: 'New task',
  newContactHere: 'New contact', newOpportunity: 'New opportunity', details: 'Details', backTo: 'Back to {0}',
  duplicates: 'Duplicates', duplicatesIntro: 'Contacts and organisations that may have been entered twice: the same name (also Weiß/Weiss, Jürgen/Juergen), the same phone number or the same address.',
  duplicatesAll: 'All duplicates', duplicateHint: 'Possibly the same:', noDuplicates: 'No possible duplicates.', duplicateFirst: 'Record', duplicateSecond: 'Possibly the same', duplicateReason: 'Shared',
  duplicateNAME: 'same name', duplicatePHONE: 'same phone number', duplicateADDRESS: 'same address', findDuplicates: 'Duplicates',
  newContact: 'New contact', editContact: 'Edit contact', firstName: 'First name', lastName: 'Last name', title: 'Job title',
  emails: 'Email addresses', phones: 'Phone numbers', commaHint: 'Separate several with commas.', account: 'Organisation', noAccount: '(none)',
  linkedMails: '{0} waiting mails were linked to the contact.',
  callSummary: 'What was it about?', outcome: 'Outcome', nextSteps: 'Next steps', contact: 'Spoke with', occurredAt: 'When',
  followUp: 'Create a follow-up task', followUpTitle: 'Follow-up task title', callLogged: 'Call logged.', callLoggedWithTask: 'Call logged, follow-up task created.',
  CALL: 'Call', MEETING: 'Meeting', NOTE: 'Note', EMAIL: 'Email', INTERACTION: 'Activity', TASK: 'Task', STAGE_CHANGE: 'Stage change',
  taskOpen: 'Task open', taskDone: 'Task done', stageFrom: 'from {0}', by: 'by {0}',
  mine: 'Mine', everybody: 'Everybody', open: 'Open', done: 'Done', dueDate: 'Due', assignee: 'Assignee', description: 'Description',
  complete: 'Done', reopen: 'Reopen', editTask: 'Edit task', noTasks: 'No tasks.', status: 'Status',
  handover: 'Vacation handover', handoverIntro: 'Hand the open tasks due in a period over to a colleague.',
  fromMember: 'From', toMember: 'To', dueFrom: 'Due from', dueUntil: 'Due until', handoverDo: 'Hand over', handedOver: '{0} tasks handed over.',
  completedMsg: 'Task completed.', reopenedMsg: 'Task reopened.', handedOverFrom: 'taken over from {0}',
  board: 'Board', municipalities: 'Municipalities', moveTo: 'Move to', move: 'Move', lostReason: 'Reason for the loss',
  lostTitle: 'Opportunity lost', moved: '“{0}” is now at {1}.', daysInStage: '{0} days in this stage', stale: 'Dormant',
  staleHint: 'No contact for over 30 days and no open task', lastContact: 'Last contact', nextTask: 'Next task',
  stage: 'Stage', noOpportunity: 'No opportunity', closedState: 'Closed', owner: 'Owner', expectedCloseDate: 'Expected close',
  amount: 'Amount (€)', truncated: 'Not all opportunities fit on the board.', reopenOpp: 'Reopen',
  opportunityOnlyMunicipality: 'Opportunities exist for municipalities only.',
  inboxIntro: 'Mails whose addresses match no contact. Assign them to a contact or create the contact right here.',
  from: 'From', to: 'To', cc: 'Cc', subject: 'Subject', received: 'Received', assign: 'Assign', assignTo: 'Assign to a contact',
  createContactFrom: 'Create contact from {0}', discard: 'Discard', discardConfirm: 'Discard this mail?', discarded: 'Mail discarded.', assigned: 'Mail assigned.',
  allAddresses: 'Show all {0} addresses',
  noUnresolved: 'Every mail is assigned.', noSubject: '(no subject)', chooseContact: 'Choose a contact', contactSearchHint: 'Type a name, then choose.',
  members: 'Members', addMember: 'Add member', role: 'Role', ADMIN: 'Admin', MEMBER: 'Member', language: 'Language',
  active: 'Active', inactive: 'Deactivated', deactivate: 'Deactivate', deactivateTitle: 'Deactivate {0}', reassignTo: 'Hand open tasks over to',
  deactivated: '{0} has been deactivated.', inboundTitle: 'Getting mail into the CRM',
  inboundBcc: 'When you write to someone outside, put this address in BCC – the mail is logged on the contact and their organisation.',
  inboundForward: 'When you received a mail, forward it to this address – the CRM recognises the original sender.',
  inboundPlus: 'With crm+<ID>@… you log a mail directly on an organisation or opportunity.',
  contactRecord: 'Contact', chooseRecord: 'Choose a record', municipality: 'Municipality', share: 'Share (%)', addMunicipality: 'Another municipality', editOpportunity: 'Edit opportunity',
  deleteOpportunity: 'Delete opportunity?', changeRole: 'Change role', changeRoleOf: 'Change the role of {0}',
  quarantine: 'Quarantine', openEntry: 'Open', mail: 'Mail', preview: 'Preview', openMail: 'Open mail', sender: 'Sender',
  recipients: 'Recipients', loggedBy: 'Logged by {0}', records: 'Logged on', reason: 'Reason', remove: 'Remove',
  addLink: 'Log on another record', recordKind: 'Kind of record', linkAdded: 'Mail logged.', linkRemoved: 'Link removed.',
  forwarderNote: 'Note of the forward', body: 'Content', showRemoteImages: 'Load remote images', remoteImagesBlocked: 'Remote images are blocked.',
  attachments: 'Attachments', noAttachments: 'No attachments.', download: 'Download', notKept: 'not kept: {0}', inlineImage: 'in the text',
  rawMail: 'Original mail (.eml)', rawMailExpired: 'The original mail has expired (kept until {0}); text and attachments stay.',
  thread: 'Conversation', noThread: 'No other mails of this conversation.', participants: 'Participants', unresolvedMail: 'This mail waits to be assigned.',
  CONTACT_ADDRESS: 'contact\'s address', CONTACT_ACCOUNT: 'contact\'s organisation', ACCOUNT_DOMAIN: 'organisation\'s mail domain',
  PLUS_ADDRESS: 'plus address', MANUAL: 'by hand', opportunity: 'Opportunity', onlyMine: 'Mine only', filterAddress: 'Filter by address',
  discardSelected: 'Discard selected', select: 'Select', discardedMany: '{0} mails discarded.', htmlNotKept: 'HTML not kept: {0}',
  quarantineIntro: 'Rejected mails. Releasing logs a mail as if the chosen member had sent it.',
  exportPerson: 'Export', erasePerson: 'Erase (Art. 17)', eraseSubmit: 'Erase for good',
  eraseIntro: 'Erases {0} with every mail in which only this person appears; in mails with others they are masked. This cannot be undone.',
  eraseTypeName: 'Type the name to confirm: {0}', eraseReason: 'Reason', eraseReasonHint: 'Goes into the audit log: e.g. the date and channel of the request, no names.',
  eraseNameMismatch: 'The name does not match.', erased: 'Erased ({0} items and files).',
  audit: 'Audit log', auditIntro: 'Who did what and when: exports, erasures, imports, roles, quarantine. Entries cannot be changed.',
  auditWhen: 'When', auditWho: 'Who', auditAction: 'What', auditRecord: 'Record', noAudit: 'No entries yet.',
  audit_CONTACT_EXPORTED: 'Access (export)', audit_CONTACT_ERASED: 'Erasure (Art. 17)', audit_IMPORT_RUN: 'Import',
  audit_MEMBER_ROLE_CHANGED: 'Role changed', audit_MEMBER_DEACTIVATED: 'Deactivated', audit_QUARANTINE_RELEASED: 'Quarantine: released', audit_SETTINGS_CHANGED: 'Settings changed',
  audit_QUARANTINE_DELETED: 'Quarantine: deleted',
  release: 'Release', releaseTo: 'Release as a mail from', released: 'Mail released.', deleteMail: 'Delete mail',
  deleteConfirm: 'Delete this mail and its original for good?', deleted: 'Deleted.', noQuarantine: 'No mail in quarantine.',
  copy: 'Copy', copied: 'Address copied.', de: 'Deutsch', en: 'English',
  mySettings: 'My settings', followUpDays: 'Follow up after (days, 0 = off)',
  followUpHint: 'When a mail to people outside gets no answer for that long, you get a task "No reply: …". For one mail: crm+3d@… or crm+nofollowup@….',
  calendarTitle: 'Calendar subscription', calendarIntro: 'Your open tasks as a calendar (iCal) – a secret link, readable without signing in.',
  calendarCreate: 'Create calendar link', calendarRotate: 'Create a new link (the old one stops working)', calendarRevoke: 'Revoke link',
  calendarRevoked: 'Calendar link revoked.', calendarNone: 'No link shown: an existing link keeps working until you create a new one or revoke it.',
  linkCopied: 'Link copied.', snooze: 'Snooze', snoozeTitle: 'Snooze: {0}', snoozeUntil: 'Until', snoozeReason: 'Reason',
  snoozedUntil: 'snoozed until {0}: {1}', unsnooze: 'End snooze', snoozedMsg: 'Snoozed until {0}.', unsnoozedMsg: 'Snooze ended.',
  recurrence: 'Repeat', recurrenceNone: 'never', every: 'every', DAY: 'days', WEEK: 'weeks', MONTH: 'months', YEAR: 'years',
  repeats: 'repeats every {0} {1}', NO_REPLY: 'No reply', SNOOZE_ENDED: 'Follow-up',
  followUpAsk: 'Answered?', followUp_ARMED: 'Waiting for an answer until {0}.', followUp_ANSWERED: 'Answered.',
  followUp_TASK_CREATED: 'No reply: task created.', followUp_CLOSED: 'Ended (the sender left the team).',
  followUp_OFF: 'No follow-up for this mail.', toTask: 'To the task',
  INBOUND: 'inbound', OUTBOUND: 'outbound', you: '(you)',
};

const dictionaries = { de, en };
let lang = 'de';

export function setLanguage(language) {
  lang = dictionaries[language] ? language : 'de';
  document.documentElement.lang = lang;
}

export const language = () => lang;

/** t('moved', name, stage): the text in the current language, {0}… replaced. */
export function t(key, ...args) {
  const text = dictionaries[lang][key] ?? dictionaries.de[key] ?? key;
  return args.reduce((out, arg, i) => out.replace(`{${i}}`, String(arg)), text);
}

/** A plain date ("2025-03-14") as a local calendar date. */
export function fmtDate(isoDate) {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

export function fmtDateTime(instant) {
  if (!instant) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

export function fmtMoney(n) {
  return new Intl.NumberFormat(lang, { style: 'currency', currency: 'EUR' }).format(n);
}

/** Today (or today + days) as "YYYY-MM-DD" in the browser's time zone. */
export function isoDay(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
