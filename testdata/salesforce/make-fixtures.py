#!/usr/bin/env python3
"""Writes the Salesforce export fixtures of the import tests (invented organisations and people only).

  weekly-export/   an unpacked weekly Data Export: ISO-8859-1, every value quoted, LF, 0/1 booleans,
                   "2023-01-10 09:30:00" datetimes, 15-character RecordTypeIds, the null sentinel,
                   line breaks inside values, NPSP households with affiliations, an attachment
  data-loader/     Data Loader CSVs: UTF-8 with BOM, CRLF, capital headers, true/false, ISO datetimes

Run from the repository root: python3 testdata/salesforce/make-fixtures.py
"""
import os

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def sfid(base15):
    assert len(base15) == 15, base15
    return base15 + "".join(ALPHABET[sum(1 << i for i in range(5) if base15[g * 5 + i].isupper())] for g in range(3))


def ident(prefix, n, mixed="Ab"):
    return sfid(f"{prefix}7Q{mixed}{n:08d}")


def quote(value):
    return '"' + str(value).replace('"', '""') + '"'


def write(path, header, rows, encoding, newline="\n", bom=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    lines = [",".join(quote(h) for h in header)]
    for row in rows:
        lines.append(",".join(quote(row.get(h, "")) for h in header))
    # the weekly export turns characters outside ISO-8859-1 into "?"
    data = (newline.join(lines) + newline).encode(encoding, errors="replace")
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


NULL = "000000000000000AAA"
U_ACTIVE, U_INACTIVE, U_ADMIN = ident("005", 1), ident("005", 2), ident("005", 3)
RT_ORG, RT_HH = ident("012", 1), ident("012", 2)
RT_STD, RT_SPLIT, RT_ONE = ident("012", 3), ident("012", 4), ident("012", 5)
A_MUSTER, A_KREIS, A_BUERO, A_HH, A_DELETED, A_PARTNER = (ident("001", n) for n in range(1, 7))
C_ERIKA, C_MAX, C_JOERG, C_LENA = (ident("003", n) for n in range(1, 5))
O_STD, O_SPLIT, O_LOST, O_SUPPLIER = (ident("006", n) for n in range(1, 5))

W = "testdata/salesforce/weekly-export"
E = "iso-8859-1"
write(f"{W}/User.csv", ["Id", "FirstName", "LastName", "Email", "IsActive"], [
    {"Id": U_ACTIVE, "FirstName": "Jana", "LastName": "Beispiel", "Email": "jana.beispiel@integreat.example", "IsActive": "1"},
    {"Id": U_INACTIVE, "FirstName": "Tom", "LastName": "Ehemalig", "Email": "tom.ehemalig@integreat.example", "IsActive": "0"},
    {"Id": U_ADMIN, "FirstName": "Ada", "LastName": "Admin", "Email": "admin@example.org", "IsActive": "1"},
], E)
write(f"{W}/RecordType.csv", ["Id", "Name", "SobjectType", "IsActive"], [
    {"Id": RT_ORG, "Name": "Organization", "SobjectType": "Account", "IsActive": "1"},
    {"Id": RT_HH, "Name": "Household Account", "SobjectType": "Account", "IsActive": "1"},
    {"Id": RT_STD, "Name": "Service Agreement (Standard)", "SobjectType": "Opportunity", "IsActive": "1"},
    {"Id": RT_SPLIT, "Name": "Service Agreement (Split)", "SobjectType": "Opportunity", "IsActive": "1"},
    {"Id": RT_ONE, "Name": "Service Agreement (One Time)", "SobjectType": "Opportunity", "IsActive": "1"},
], E)
ACCOUNT = ["Id", "IsDeleted", "Name", "Type", "RecordTypeId", "BillingStreet", "BillingCity", "BillingPostalCode",
           "BillingState", "BillingCountry", "Phone", "Website", "Description", "OwnerId", "CreatedDate",
           "npe01__SYSTEMIsIndividual__c", "npe01__SYSTEM_AccountType__c"]
write(f"{W}/Account.csv", ACCOUNT, [
    {"Id": A_MUSTER, "IsDeleted": "0", "Name": "Stadt Musterhausen", "Type": "Kommune", "RecordTypeId": RT_ORG[:15],
     "BillingStreet": "Marktplatz 1", "BillingCity": "Musterhausen", "BillingPostalCode": "99999", "BillingState": "Bayern",
     "BillingCountry": "Deutschland", "Phone": "+49 9999 0", "Website": "musterhausen.example",
     "Description": "Integrationsbüro im Rathaus.\nAnsprechpartnerin: Frau Mustermann", "OwnerId": U_ACTIVE,
     "CreatedDate": "2022-11-03 08:15:00", "npe01__SYSTEMIsIndividual__c": "0", "npe01__SYSTEM_AccountType__c": ""},
    {"Id": A_KREIS, "IsDeleted": "0", "Name": "Landkreis Beispielkreis", "Type": "Municipality", "RecordTypeId": RT_ORG[:15],
     "BillingCity": "Beispielstadt", "OwnerId": U_ACTIVE, "CreatedDate": "2022-12-01 10:00:00",
     "npe01__SYSTEMIsIndividual__c": "0"},
    {"Id": A_BUERO, "IsDeleted": "0", "Name": "Übersetzungsbüro Wortreich GmbH", "Type": "Lieferant", "RecordTypeId": RT_ORG[:15],
     "OwnerId": U_ACTIVE, "CreatedDate": "2023-02-01 12:00:00", "npe01__SYSTEMIsIndividual__c": "0"},
    {"Id": A_HH, "IsDeleted": "0", "Name": "Haushalt Mustermann", "Type": "", "RecordTypeId": RT_HH[:15],
     "OwnerId": U_ACTIVE, "CreatedDate": "2023-01-05 09:00:00", "npe01__SYSTEMIsIndividual__c": "1",
     "npe01__SYSTEM_AccountType__c": "Household Account"},
    {"Id": A_DELETED, "IsDeleted": "1", "Name": "Gelöschte GmbH", "Type": "Kunde", "RecordTypeId": RT_ORG[:15],
     "OwnerId": U_ACTIVE, "CreatedDate": "2023-01-05 09:00:00", "npe01__SYSTEMIsIndividual__c": "0"},
    {"Id": A_PARTNER, "IsDeleted": "0", "Name": "Partnerverein Brücke e.V.", "Type": "Partner", "RecordTypeId": "",
     "Description": 'Sagt "Hallo" auf Deutsch', "OwnerId": U_ACTIVE, "CreatedDate": "2023-03-01 12:00:00",
     "npe01__SYSTEMIsIndividual__c": "0"},
], E)
write(f"{W}/npe5__Affiliation__c.csv", ["Id", "IsDeleted", "npe5__Contact__c", "npe5__Organization__c", "npe5__Role__c",
                                         "npe5__Status__c", "npe5__Primary__c", "npe5__StartDate__c"], [
    {"Id": ident("a0B", 1), "IsDeleted": "0", "npe5__Contact__c": C_MAX, "npe5__Organization__c": A_KREIS,
     "npe5__Role__c": "Sachbearbeiter", "npe5__Status__c": "Current", "npe5__Primary__c": "1",
     "npe5__StartDate__c": "2021-04-01 00:00:00"},
    {"Id": ident("a0B", 2), "IsDeleted": "0", "npe5__Contact__c": C_MAX, "npe5__Organization__c": A_PARTNER,
     "npe5__Role__c": "Ehrenamt", "npe5__Status__c": "Former", "npe5__Primary__c": "0"},
], E)
CONTACT = ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Salutation", "Title", "Department", "Email", "Phone",
           "MobilePhone", "MailingStreet", "MailingPostalCode", "MailingCity", "MailingCountry", "Description",
           "HasOptedOutOfEmail", "DoNotCall", "npe01__HomeEmail__c", "npe01__WorkEmail__c", "npe01__AlternateEmail__c",
           "npe01__Preferred_Email__c", "npe01__WorkPhone__c", "npsp__Primary_Affiliation__c", "CreatedDate"]
write(f"{W}/Contact.csv", CONTACT, [
    {"Id": C_ERIKA, "IsDeleted": "0", "AccountId": A_HH, "FirstName": "Erika", "LastName": "Mustermann", "Salutation": "Frau",
     "Title": "Integrationsbeauftragte", "Department": "Sozialamt", "Email": "erika.mustermann@musterhausen.example",
     "Phone": "+49 9999 12", "MobilePhone": "+49 170 0000000", "MailingStreet": "Am Bach 2", "MailingPostalCode": "99999",
     "MailingCity": "Musterhausen", "MailingCountry": "Deutschland",
     "Description": "Kennt das Projekt seit 2021.\nBevorzugt Termine am Vormittag.", "HasOptedOutOfEmail": "0",
     "DoNotCall": "1", "npe01__HomeEmail__c": "erika@privat.example", "npe01__WorkEmail__c": "Erika.Mustermann@musterhausen.example",
     "npe01__Preferred_Email__c": "Work", "npsp__Primary_Affiliation__c": A_MUSTER, "CreatedDate": "2023-01-05 09:05:00"},
    {"Id": C_MAX, "IsDeleted": "0", "AccountId": A_HH, "FirstName": "Max", "LastName": "Beispiel",
     "npe01__HomeEmail__c": "max.beispiel@privat.example", "npe01__Preferred_Email__c": "Personal",
     "npsp__Primary_Affiliation__c": NULL, "HasOptedOutOfEmail": "1", "DoNotCall": "0", "CreatedDate": "2023-01-06 09:05:00"},
    {"Id": C_JOERG, "IsDeleted": "0", "AccountId": A_BUERO, "FirstName": "Jörg", "LastName": "Übel", "Title": "Geschäftsführer",
     "Email": "joerg.uebel@wortreich.example", "npe01__WorkPhone__c": "+49 8888 1", "HasOptedOutOfEmail": "0", "DoNotCall": "0",
     "npsp__Primary_Affiliation__c": "", "CreatedDate": "2023-02-02 09:05:00"},
    {"Id": C_LENA, "IsDeleted": "0", "AccountId": NULL, "FirstName": "Lena", "LastName": "Ohneorga",
     "Email": "lena.ohneorga@example.com", "HasOptedOutOfEmail": "0", "DoNotCall": "0", "CreatedDate": "2023-02-03 09:05:00"},
], E)
OPP = ["Id", "IsDeleted", "AccountId", "RecordTypeId", "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon",
       "Description", "NextStep", "OwnerId", "CreatedDate", "CreatedById", "LastModifiedDate", "npsp__Closed_Lost_Reason__c"]
write(f"{W}/Opportunity.csv", OPP, [
    {"Id": O_STD, "IsDeleted": "0", "AccountId": A_MUSTER, "RecordTypeId": RT_STD[:15], "Name": "Musterhausen – Integreat",
     "StageName": "Vertrag gesendet", "Amount": "15000", "CloseDate": "2023-06-30 00:00:00", "IsClosed": "0", "IsWon": "0",
     "Description": "Vertrag liegt beim Rechtsamt.", "NextStep": "Nachfassen im Juni", "OwnerId": U_INACTIVE,
     "CreatedDate": "2023-01-10 09:30:00", "CreatedById": U_INACTIVE, "LastModifiedDate": "2023-05-02 10:15:00"},
    {"Id": O_SPLIT, "IsDeleted": "0", "AccountId": A_KREIS, "RecordTypeId": RT_SPLIT[:15], "Name": "Beispielkreis geteilt",
     "StageName": "Closed Won", "Amount": "2.0", "CloseDate": "2023-04-01 00:00:00", "IsClosed": "1", "IsWon": "1",
     "OwnerId": U_ACTIVE, "CreatedDate": "2023-02-01 09:30:00", "CreatedById": U_ACTIVE},
    {"Id": O_LOST, "IsDeleted": "0", "AccountId": A_MUSTER, "RecordTypeId": RT_ONE[:15], "Name": "Musterhausen Einmalvertrag",
     "StageName": "Closed Lost", "CloseDate": "2022-12-15 00:00:00", "IsClosed": "1", "IsWon": "0", "OwnerId": U_ACTIVE,
     "CreatedDate": "2022-11-10 09:30:00", "CreatedById": U_ACTIVE, "npsp__Closed_Lost_Reason__c": ""},
    {"Id": O_SUPPLIER, "IsDeleted": "0", "AccountId": A_BUERO, "RecordTypeId": RT_STD[:15], "Name": "Übersetzungen",
     "StageName": "Interessiert", "IsClosed": "0", "IsWon": "0", "OwnerId": U_ACTIVE, "CreatedDate": "2023-02-10 09:30:00",
     "CreatedById": U_ACTIVE},
], E)
write(f"{W}/OpportunityHistory.csv", ["Id", "OpportunityId", "StageName", "Amount", "CloseDate", "CreatedDate", "CreatedById"], [
    {"Id": ident("008", 1), "OpportunityId": O_STD, "StageName": "Interessiert", "CreatedDate": "2023-01-10 09:30:00", "CreatedById": U_INACTIVE},
    {"Id": ident("008", 2), "OpportunityId": O_STD, "StageName": "Informationen geliefert", "CreatedDate": "2023-02-01 11:00:00", "CreatedById": U_INACTIVE},
    {"Id": ident("008", 3), "OpportunityId": O_STD, "StageName": "Informationen geliefert", "Amount": "15000", "CreatedDate": "2023-02-02 11:00:00", "CreatedById": U_ACTIVE},
    {"Id": ident("008", 4), "OpportunityId": O_STD, "StageName": "Pitch durchgeführt", "CreatedDate": "2023-03-15 14:00:00", "CreatedById": U_ACTIVE},
    {"Id": ident("008", 5), "OpportunityId": O_STD, "StageName": "Contract sent", "CreatedDate": "2023-05-02 10:15:00", "CreatedById": U_INACTIVE},
    {"Id": ident("008", 6), "OpportunityId": O_SPLIT, "StageName": "Interested", "CreatedDate": "2023-02-01 09:30:00", "CreatedById": U_ACTIVE},
    {"Id": ident("008", 7), "OpportunityId": O_SPLIT, "StageName": "Closed Won", "CreatedDate": "2023-04-01 16:00:00", "CreatedById": U_ACTIVE},
    {"Id": ident("008", 8), "OpportunityId": O_LOST, "StageName": "Interessiert", "CreatedDate": "2022-11-10 09:30:00", "CreatedById": U_ACTIVE},
    {"Id": ident("008", 9), "OpportunityId": O_LOST, "StageName": "Closed Lost", "CreatedDate": "2022-12-15 09:30:00", "CreatedById": U_ACTIVE},
], E)
write(f"{W}/OpportunityContactRole.csv", ["Id", "OpportunityId", "ContactId", "Role", "IsDeleted"], [
    {"Id": ident("00K", 1), "OpportunityId": O_STD, "ContactId": C_ERIKA, "Role": "Decision Maker", "IsDeleted": "0"},
], E)
write(f"{W}/Attachment.csv", ["Id", "ParentId", "Name", "ContentType", "BodyLength", "IsDeleted", "CreatedDate", "OwnerId"], [
    {"Id": ident("00P", 1), "ParentId": A_MUSTER, "Name": "Angebot Musterhausen.txt", "ContentType": "text/plain",
     "BodyLength": "32", "IsDeleted": "0", "CreatedDate": "2023-03-01 10:00:00", "OwnerId": U_ACTIVE},
], E)
T_OPEN, T_CALL, T_MAIL, T_MAIL_PARSED, T_UNRESOLVED, T_DONE = (ident("00T", n) for n in range(1, 7))
M_MAIL = ident("02s", 1)
TASK = ["Id", "IsDeleted", "WhoId", "WhatId", "Subject", "ActivityDate", "Status", "IsClosed", "Priority", "OwnerId",
        "Description", "Type", "CallType", "CallDurationInSeconds", "CallDisposition", "CompletedDateTime", "CreatedDate",
        "CreatedById", "EmailMessageId", "ActivityOriginType"]
write(f"{W}/Task.csv", TASK, [
    {"Id": T_OPEN, "IsDeleted": "0", "WhoId": C_ERIKA, "WhatId": O_STD, "Subject": "Rückruf wegen Vertrag",
     "ActivityDate": "2023-06-01 00:00:00", "Status": "Not Started", "IsClosed": "0", "Priority": "Normal",
     "OwnerId": U_INACTIVE, "Description": "Frau Mustermann zurückrufen.", "CreatedDate": "2023-05-02 10:20:00",
     "CreatedById": U_INACTIVE, "EmailMessageId": NULL},
    {"Id": T_CALL, "IsDeleted": "0", "WhoId": C_JOERG, "WhatId": "", "Subject": "Anruf Preise", "ActivityDate": "2023-02-03 00:00:00",
     "Status": "Completed", "IsClosed": "1", "OwnerId": U_ACTIVE, "Description": "Preise für Übersetzungen besprochen.",
     "Type": "Call", "CallType": "Outbound", "CallDurationInSeconds": "300", "CallDisposition": "Angebot angefragt",
     "CompletedDateTime": "2023-02-03 11:05:00", "CreatedDate": "2023-02-03 11:00:00", "CreatedById": U_ACTIVE,
     "ActivityOriginType": "5"},
    {"Id": T_MAIL, "IsDeleted": "0", "WhoId": C_ERIKA, "WhatId": A_MUSTER, "Subject": "Email: Angebot Integreat",
     "ActivityDate": "2023-02-01 00:00:00", "Status": "Completed", "IsClosed": "1", "OwnerId": U_ACTIVE,
     "Description": "To: erika.mustermann@musterhausen.example\nSubject: Angebot Integreat\nBody:\n(see the EmailMessage)",
     "Type": "Email", "CreatedDate": "2023-02-01 11:00:00", "CreatedById": U_ACTIVE, "EmailMessageId": M_MAIL,
     "ActivityOriginType": "2"},
    {"Id": T_MAIL_PARSED, "IsDeleted": "0", "WhoId": C_MAX, "WhatId": "", "Subject": "Email: Rückfrage",
     "ActivityDate": "2023-03-01 00:00:00", "Status": "Completed", "IsClosed": "1", "OwnerId": U_ACTIVE,
     "Description": "To: max.beispiel@privat.example\nCC: \nBCC: \nAttachment: --none--\nSubject: Rückfrage Termine\nBody:\nHallo Max,\nwann passt es dir?",
     "CreatedDate": "2023-03-01 09:00:00", "CreatedById": U_ACTIVE},
    {"Id": T_UNRESOLVED, "IsDeleted": "0", "WhoId": "", "WhatId": "", "Subject": "Email: Anfrage aus Neustadt",
     "Status": "Not Started", "IsClosed": "0", "OwnerId": U_ACTIVE,
     "Description": "To: Amt Neustadt <amt@neustadt.example>\nSubject: Anfrage aus Neustadt\nBody:\nGuten Tag, wir interessieren uns für Integreat.",
     "CreatedDate": "2023-04-01 09:00:00", "CreatedById": U_ACTIVE},
    {"Id": T_DONE, "IsDeleted": "0", "WhoId": "", "WhatId": A_KREIS, "Subject": "Flyer verschickt", "ActivityDate": "2023-03-10 00:00:00",
     "Status": "Completed", "IsClosed": "1", "OwnerId": U_ACTIVE, "CompletedDateTime": "2023-03-09 15:00:00",
     "CreatedDate": "2023-03-08 09:00:00", "CreatedById": U_ACTIVE},
], E)
write(f"{W}/EmailMessage.csv", ["Id", "IsDeleted", "ActivityId", "RelatedToId", "FromName", "FromAddress", "ToAddress", "CcAddress",
                                 "BccAddress", "Subject", "TextBody", "HtmlBody", "MessageDate", "Incoming", "Status", "CreatedDate"], [
    {"Id": M_MAIL, "IsDeleted": "0", "ActivityId": T_MAIL, "RelatedToId": A_MUSTER, "FromName": "Jana Beispiel",
     "FromAddress": "jana.beispiel@integreat.example", "ToAddress": "erika.mustermann@musterhausen.example; info@musterhausen.example",
     "Subject": "Angebot Integreat", "TextBody": "Sehr geehrte Frau Mustermann,\nanbei unser Angebot.\nViele Grüße",
     "MessageDate": "2023-02-01 10:58:00", "Incoming": "0", "Status": "3", "CreatedDate": "2023-02-01 11:00:00"},
], E)
write(f"{W}/Event.csv", ["Id", "IsDeleted", "WhoId", "WhatId", "Subject", "Location", "ActivityDateTime", "ActivityDate",
                          "DurationInMinutes", "IsAllDayEvent", "Description", "OwnerId", "CreatedDate"], [
    {"Id": ident("00U", 1), "IsDeleted": "0", "WhoId": C_ERIKA, "WhatId": A_MUSTER, "Subject": "Pitch im Rathaus",
     "Location": "Rathaus Musterhausen", "ActivityDateTime": "2023-03-15 13:00:00", "ActivityDate": "2023-03-15 00:00:00",
     "DurationInMinutes": "60", "IsAllDayEvent": "0", "Description": "Demo der App mit dem Integrationsbeirat.",
     "OwnerId": U_ACTIVE, "CreatedDate": "2023-03-01 09:00:00"},
], E)
write(f"{W}/Note.csv", ["Id", "IsDeleted", "ParentId", "Title", "Body", "IsPrivate", "OwnerId", "CreatedDate"], [
    {"Id": ident("002", 1), "IsDeleted": "0", "ParentId": A_KREIS, "Title": "Gesprächsnotiz",
     "Body": "Der Kreis prüft den Haushalt.\nEntscheidung im Herbst.", "IsPrivate": "0", "OwnerId": U_ACTIVE,
     "CreatedDate": "2023-03-20 16:00:00"},
], E)
os.makedirs(f"{W}/Attachments", exist_ok=True)
with open(f"{W}/Attachments/{ident('00P', 1)}", "wb") as f:
    f.write("Angebot für Musterhausen: 15000\n".encode("utf-8"))

V_FILE, V_FILE_OLD, V_NOTE = ident("068", 1), ident("068", 2), ident("068", 3)
DOC_FILE, DOC_NOTE = ident("069", 1), ident("069", 2)
write(f"{W}/ContentVersion.csv", ["Id", "ContentDocumentId", "Title", "PathOnClient", "FileType", "IsLatest", "ContentSize",
                                   "OwnerId", "CreatedDate"], [
    {"Id": V_FILE_OLD, "ContentDocumentId": DOC_FILE, "Title": "Visitenkarte", "PathOnClient": "visitenkarte-alt.txt",
     "FileType": "TEXT", "IsLatest": "0", "OwnerId": U_ACTIVE, "CreatedDate": "2023-01-06 10:00:00"},
    {"Id": V_FILE, "ContentDocumentId": DOC_FILE, "Title": "Visitenkarte", "PathOnClient": "visitenkarte.txt",
     "FileType": "TEXT", "IsLatest": "1", "OwnerId": U_ACTIVE, "CreatedDate": "2023-01-07 10:00:00"},
    {"Id": V_NOTE, "ContentDocumentId": DOC_NOTE, "Title": "Notiz zum Rathaus", "PathOnClient": "", "FileType": "SNOTE",
     "IsLatest": "1", "OwnerId": U_ACTIVE, "CreatedDate": "2023-03-16 08:00:00"},
], E)
write(f"{W}/ContentDocumentLink.csv", ["Id", "ContentDocumentId", "LinkedEntityId", "ShareType", "Visibility"], [
    {"Id": ident("06A", 1), "ContentDocumentId": DOC_FILE, "LinkedEntityId": C_ERIKA, "ShareType": "V", "Visibility": "AllUsers"},
    {"Id": ident("06A", 2), "ContentDocumentId": DOC_FILE, "LinkedEntityId": U_ACTIVE, "ShareType": "I", "Visibility": "AllUsers"},
    {"Id": ident("06A", 3), "ContentDocumentId": DOC_NOTE, "LinkedEntityId": A_MUSTER, "ShareType": "V", "Visibility": "AllUsers"},
], E)
os.makedirs(f"{W}/ContentVersion", exist_ok=True)
with open(f"{W}/ContentVersion/{V_FILE_OLD}", "wb") as f:
    f.write("Erika Mustermann (alt)\n".encode("utf-8"))
with open(f"{W}/ContentVersion/{V_FILE}", "wb") as f:
    f.write("Erika Mustermann, Integrationsbeauftragte\n".encode("utf-8"))
with open(f"{W}/ContentVersion/{V_NOTE}", "wb") as f:
    f.write("<p>Der Saal hat <b>keinen</b> Beamer.</p><p>Eigenen mitbringen.</p>".encode("utf-8"))

D = "testdata/salesforce/data-loader"
write(f"{D}/User.csv", ["ID", "FIRSTNAME", "LASTNAME", "EMAIL", "ISACTIVE"], [
    {"ID": ident("005", 11, "Cd"), "FIRSTNAME": "Jana", "LASTNAME": "Beispiel", "EMAIL": "jana.beispiel@integreat.example", "ISACTIVE": "true"},
], "utf-8", "\r\n", True)
write(f"{D}/Account.csv", ["ID", "ISDELETED", "NAME", "TYPE", "BILLINGCITY", "WEBSITE", "CREATEDDATE"], [
    {"ID": ident("001", 11, "Cd"), "ISDELETED": "false", "NAME": "Gemeinde Testingen", "TYPE": "Kommune",
     "BILLINGCITY": "Testingen", "WEBSITE": "testingen.example", "CREATEDDATE": "2024-01-02T08:00:00.000Z"},
], "utf-8", "\r\n", True)
write(f"{D}/Contact.csv", ["Id", "IsDeleted", "AccountId", "FirstName", "LastName", "Email", "Description", "HasOptedOutOfEmail",
                          "DoNotCall", "CreatedDate"], [
    {"Id": ident("003", 11, "Cd"), "IsDeleted": "false", "AccountId": ident("001", 11, "Cd"), "FirstName": "Zoë",
     "LastName": "Prüfer", "Email": "zoe.pruefer@testingen.example", "Description": "Zeile eins\r\nZeile zwei – „Anführung“",
     "HasOptedOutOfEmail": "true", "DoNotCall": "false", "CreatedDate": "2024-01-03T08:00:00.000Z"},
    {"Id": ident("003", 12, "Cd"), "IsDeleted": "false", "AccountId": "", "FirstName": "", "LastName": "Einzeln",
     "Email": "", "Description": "", "HasOptedOutOfEmail": "false", "DoNotCall": "false", "CreatedDate": "2024-01-04T08:00:00.000Z"},
], "utf-8", "\r\n", True)
print("ids:", dict(erika=C_ERIKA, max=C_MAX, muster=A_MUSTER, kreis=A_KREIS, std=O_STD, split=O_SPLIT, lost=O_LOST,
                   rt_std15=RT_STD[:15], rt_std=RT_STD, u_inactive=U_INACTIVE))
