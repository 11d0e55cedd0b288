# ruff: noqa: E501 - consent prose keeps one paragraph per line, so a diff shows each wording change
"""Fixed wording: the default consent templates (version 1, English and Spanish) and the §2.32 notice.

The default templates are the program's own plain-language wording, seeded by a data migration
and recreated by ``services.templates_ensure_defaults`` if the table is ever empty. A director
changes the wording by adding a new version (never by editing one already used).

Placeholders are written ``{{ name }}``; see ``rendering.PLACEHOLDERS``.
"""

from typing import Final

# 42 CFR 2.32(a), as amended by the 2024 final rule (89 FR 12472). Statement 2 is printed in the
# footer of every page of a disclosure; Statement 1 on its cover.
NOTICE_STATEMENT_2: Final = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
NOTICE_STATEMENT_1: Final = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony "
    "that describes the information contained in this record, in any civil, criminal, administrative, "
    "or legislative proceedings by any Federal, State, or local authority, against the patient, unless "
    "authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized "
    "by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from "
    "making any other use or disclosure of this record unless at least one of the following applies:"
)
NOTICE_STATEMENT_1_ITEMS: Final = (
    "(i) Further use or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2.",
    "(ii) You are a covered entity or business associate and have received the record for treatment, "
    "payment, or health care operations, or",
    "(iii) You have received the record from a covered entity or business associate as permitted by "
    "45 CFR part 164, subparts A and E.",
)
NOTICE_STATEMENT_1_END: Final = (
    "A general authorization for the release of medical or other information is NOT sufficient to meet "
    "the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31)."
)

_REVOCATION_EN = (
    "I may revoke (cancel) this consent at any time, in writing: by giving a signed note to any staff "
    "member, by mail to {{ program }}, {{ site_address }}, or with the Revoke button in my client portal. "
    "Revoking stops future sharing. It does not undo sharing that already happened while this consent "
    "was in effect: the program may rely on this consent until it learns that I revoked it."
)
_REVOCATION_ES = (
    "Puedo revocar (cancelar) este consentimiento en cualquier momento, por escrito: entregando una nota "
    "firmada a cualquier miembro del personal, por correo a {{ program }}, {{ site_address }}, o con el "
    "botón Revocar de mi portal. Revocarlo detiene lo que se comparta en el futuro. No deshace lo que ya "
    "se compartió mientras este consentimiento estaba vigente: el programa puede actuar según este "
    "consentimiento hasta que sepa que lo revoqué."
)

DEFAULT_TEMPLATES: Final[list[dict[str, str]]] = [
    {
        "kind": "treatment",
        "language": "en",
        "title": "Consent to treatment",
        "body": """I, {{ patient_name }}, agree to take part in the Intensive Outpatient Program (IOP) at {{ program }}.

What the program is. IOP means group and individual therapy for several hours a week while I keep living at home, working or studying. My counselor and I will write a treatment plan together and review it regularly. The program may ask me to fill in short questionnaires about how I am doing, and may ask for drug or alcohol tests as part of my care.

What I can expect. Treatment often helps, but nobody can promise a particular result. Talking about hard things may feel uncomfortable at times. I can ask questions about my care at any time, and I can say no to any part of it.

Leaving the program. Taking part is my choice. I can stop at any time by telling my counselor. The program may change or end my treatment here if it is no longer the right level of care for me; if that happens, it will help me find other care.

Emergencies. This program is not an emergency service. If I am in crisis, I will call or text 988, or call 911.

Privacy. My records are protected by federal law (42 CFR Part 2 and HIPAA). The program will not share them without my written consent, except in the few cases the law allows, such as a medical emergency or a report of child abuse.

Questions: {{ site_phone }}, {{ site_address }}.""",
    },
    {
        "kind": "treatment",
        "language": "es",
        "title": "Consentimiento para el tratamiento",
        "body": """Yo, {{ patient_name }}, acepto participar en el Programa Intensivo Ambulatorio (IOP) de {{ program }}.

Qué es el programa. IOP significa terapia en grupo e individual durante varias horas a la semana mientras sigo viviendo en casa, trabajando o estudiando. Mi consejero/a y yo escribiremos juntos un plan de tratamiento y lo revisaremos con regularidad. El programa puede pedirme que llene cuestionarios cortos sobre cómo me siento, y puede pedir pruebas de drogas o alcohol como parte de mi atención.

Qué puedo esperar. El tratamiento suele ayudar, pero nadie puede prometer un resultado. Hablar de cosas difíciles a veces puede ser incómodo. Puedo hacer preguntas sobre mi atención en cualquier momento, y puedo decir que no a cualquier parte de ella.

Dejar el programa. Participar es mi decisión. Puedo dejarlo en cualquier momento avisándole a mi consejero/a. El programa puede cambiar o terminar mi tratamiento aquí si ya no es el nivel de atención adecuado para mí; si eso pasa, me ayudará a encontrar otra atención.

Emergencias. Este programa no es un servicio de emergencia. Si estoy en crisis, llamaré o enviaré un mensaje de texto al 988, o llamaré al 911.

Privacidad. Mis registros están protegidos por la ley federal (42 CFR Parte 2 y HIPAA). El programa no los compartirá sin mi consentimiento por escrito, salvo en los pocos casos que la ley permite, como una emergencia médica o un informe de maltrato infantil.

Preguntas: {{ site_phone }}, {{ site_address }}.""",
    },
    {
        "kind": "rights",
        "language": "en",
        "title": "Client rights and program rules",
        "body": """Client rights and program rules at {{ program }}, for {{ patient_name }}.

My rights. I have the right to:
- be treated with respect and dignity, without discrimination because of race, ethnicity, religion, sex, gender identity, sexual orientation, age, disability or ability to pay;
- take part in planning my treatment and get a copy of my treatment plan;
- receive care in English or Spanish, or with an interpreter at no cost;
- privacy: my records are shared only as federal law allows;
- see my records, ask for corrections, and ask for a list of who my records were shared with;
- refuse any part of treatment and leave the program at any time;
- make a complaint without losing services. Complaints go to the program director at {{ site_phone }}. Privacy complaints may also go to the U.S. Department of Health and Human Services.

Program rules. To keep the program safe for everyone, I agree to:
- come to my scheduled groups and sessions on time, or call ahead if I cannot;
- keep private what other clients share in group;
- not bring alcohol, drugs or weapons to the program, and not come under the influence;
- treat other clients and staff with respect: no threats, violence or harassment;
- take part honestly in the tests the program asks for.

If I break a rule, my counselor will talk with me first. Serious or repeated problems can change or end my treatment here; if that happens, the program will help me find other care.""",
    },
    {
        "kind": "rights",
        "language": "es",
        "title": "Derechos del cliente y reglas del programa",
        "body": """Derechos del cliente y reglas del programa en {{ program }}, para {{ patient_name }}.

Mis derechos. Tengo derecho a:
- ser tratado/a con respeto y dignidad, sin discriminación por raza, etnia, religión, sexo, identidad de género, orientación sexual, edad, discapacidad o capacidad de pago;
- participar en la planificación de mi tratamiento y recibir una copia de mi plan de tratamiento;
- recibir atención en inglés o en español, o con un intérprete sin costo;
- privacidad: mis registros solo se comparten como lo permite la ley federal;
- ver mis registros, pedir correcciones y pedir una lista de con quién se compartieron mis registros;
- rechazar cualquier parte del tratamiento y dejar el programa en cualquier momento;
- presentar una queja sin perder los servicios. Las quejas van al director/a del programa al {{ site_phone }}. Las quejas sobre privacidad también pueden ir al Departamento de Salud y Servicios Humanos de EE. UU.

Reglas del programa. Para que el programa sea seguro para todos, acepto:
- llegar a tiempo a mis grupos y sesiones, o llamar antes si no puedo ir;
- mantener en privado lo que otros clientes comparten en el grupo;
- no traer alcohol, drogas ni armas al programa, y no venir bajo sus efectos;
- tratar con respeto a los demás clientes y al personal: sin amenazas, violencia ni acoso;
- participar con honestidad en las pruebas que pida el programa.

Si rompo una regla, mi consejero/a hablará conmigo primero. Los problemas graves o repetidos pueden cambiar o terminar mi tratamiento aquí; si eso pasa, el programa me ayudará a encontrar otra atención.""",
    },
    {
        "kind": "part2_tpo",
        "language": "en",
        "title": "Consent to share my records for treatment, payment and health care operations",
        "body": """Patient: {{ patient_name }}, born {{ date_of_birth }}.

I agree that {{ program }} may use and share my substance use disorder treatment records as described here. This consent is required by federal law (42 CFR Part 2).

Who may share my records: {{ program }}.

What may be shared: {{ information }}

Who may receive it: {{ recipients }}

Why: {{ purposes }}.

How long this consent lasts: {{ expiration }}

My right to revoke: {{ revocation }}

If I do not sign: {{ refusal }}

Sharing again: {{ redisclosure }}

Signing is my choice. I can have a copy of this consent. My signature and the date are below.""",
        "revocation_text": _REVOCATION_EN,
        "redisclosure_text": (
            "Records shared under this consent with a health plan, a provider or another organization covered "
            "by HIPAA may be shared again by them as HIPAA allows, and may then no longer be protected by "
            "42 CFR Part 2. They still may not be used against me in any civil, criminal, administrative or "
            "legislative proceeding without my consent or a court order."
        ),
        "refusal_text": (
            "My treatment here does not depend on signing this consent: I can receive services whether or not "
            "I sign. If I do not sign, the program may not be able to bill my health plan or coordinate my care "
            "with my other providers, and I may have to pay for services myself or arrange that sharing another way."
        ),
        "default_information": (
            "My records at the program about my substance use treatment: assessments, diagnoses, treatment "
            "plans, dates of attendance and progress, medications, test results, and billing information. "
            "Not my counselor's separate psychotherapy notes, which need their own consent."
        ),
        "default_recipients": (
            "My treating providers, health plans, third-party payers, and people helping to operate this program."
        ),
    },
    {
        "kind": "part2_tpo",
        "language": "es",
        "title": "Consentimiento para compartir mis registros para tratamiento, pago y operaciones de atención médica",
        "body": """Paciente: {{ patient_name }}, fecha de nacimiento {{ date_of_birth }}.

Acepto que {{ program }} use y comparta mis registros de tratamiento por trastorno por consumo de sustancias como se describe aquí. La ley federal (42 CFR Parte 2) exige este consentimiento.

Quién puede compartir mis registros: {{ program }}.

Qué se puede compartir: {{ information }}

Quién puede recibirlo: {{ recipients }}

Para qué: {{ purposes }}.

Cuánto dura este consentimiento: {{ expiration }}

Mi derecho a revocarlo: {{ revocation }}

Si no lo firmo: {{ refusal }}

Volver a compartir: {{ redisclosure }}

Firmar es mi decisión. Puedo tener una copia de este consentimiento. Mi firma y la fecha están abajo.""",
        "revocation_text": _REVOCATION_ES,
        "redisclosure_text": (
            "Los registros compartidos con este consentimiento con un plan de salud, un proveedor u otra "
            "organización cubierta por HIPAA pueden volver a compartirse por ellos como lo permite HIPAA, y "
            "entonces podrían dejar de estar protegidos por 42 CFR Parte 2. Aun así, no pueden usarse en mi "
            "contra en ningún procedimiento civil, penal, administrativo o legislativo sin mi consentimiento "
            "o una orden judicial."
        ),
        "refusal_text": (
            "Mi tratamiento aquí no depende de que firme este consentimiento: puedo recibir servicios lo firme "
            "o no. Si no lo firmo, es posible que el programa no pueda cobrarle a mi plan de salud ni coordinar "
            "mi atención con mis otros proveedores, y quizás tenga que pagar los servicios yo mismo/a u "
            "organizar ese intercambio de otra manera."
        ),
        "default_information": (
            "Mis registros del programa sobre mi tratamiento por consumo de sustancias: evaluaciones, "
            "diagnósticos, planes de tratamiento, fechas de asistencia y progreso, medicamentos, resultados de "
            "pruebas e información de facturación. No incluye las notas de psicoterapia separadas de mi "
            "consejero/a, que necesitan su propio consentimiento."
        ),
        "default_recipients": (
            "Mis proveedores de tratamiento, planes de salud, terceros pagadores y las personas que ayudan a "
            "operar este programa."
        ),
    },
    {
        "kind": "part2_release",
        "language": "en",
        "title": "Release of information",
        "body": """Patient: {{ patient_name }}, born {{ date_of_birth }}.

I allow {{ program }} to share information about me with: {{ recipients }}

What may be shared: {{ information }}

Why: {{ purposes }}.

How long this release lasts: {{ expiration }}

My right to revoke: {{ revocation }}

Sharing again: {{ redisclosure }}

Signing is my choice, and my treatment does not depend on it. I can have a copy of this release. My signature and the date are below.""",
        "revocation_text": _REVOCATION_EN,
        "redisclosure_text": (
            "Information shared under this release is protected by federal law (42 CFR Part 2). Whoever "
            "receives it may not share it again, or use it against me in any legal proceeding, unless I agree "
            "in writing or the law allows it. Everything shared carries a notice saying so."
        ),
        "default_information": (
            "Whether I attend the program and my schedule, my general progress, and how they can support my "
            "recovery. Not my diagnoses, test results or counseling notes."
        ),
    },
    {
        "kind": "part2_release",
        "language": "es",
        "title": "Autorización para compartir información",
        "body": """Paciente: {{ patient_name }}, fecha de nacimiento {{ date_of_birth }}.

Autorizo a {{ program }} a compartir información sobre mí con: {{ recipients }}

Qué se puede compartir: {{ information }}

Para qué: {{ purposes }}.

Cuánto dura esta autorización: {{ expiration }}

Mi derecho a revocarla: {{ revocation }}

Volver a compartir: {{ redisclosure }}

Firmar es mi decisión, y mi tratamiento no depende de ello. Puedo tener una copia de esta autorización. Mi firma y la fecha están abajo.""",
        "revocation_text": _REVOCATION_ES,
        "redisclosure_text": (
            "La información compartida con esta autorización está protegida por la ley federal (42 CFR Parte 2). "
            "Quien la reciba no puede volver a compartirla ni usarla en mi contra en ningún procedimiento legal, "
            "salvo que yo lo acepte por escrito o la ley lo permita. Todo lo que se comparta lleva un aviso que "
            "lo indica."
        ),
        "default_information": (
            "Si asisto al programa y mi horario, mi progreso general y cómo pueden apoyar mi recuperación. "
            "No incluye mis diagnósticos, resultados de pruebas ni notas de consejería."
        ),
    },
]

# What a release to a provider usually covers (the release form suggests it; staff may edit).
PROVIDER_RELEASE_INFORMATION: Final = {
    "en": (
        "My name, date of birth and contact details; the dates and level of my treatment here; my assessment "
        "summary; and the reason for the referral. Not my counseling notes."
    ),
    "es": (
        "Mi nombre, fecha de nacimiento y datos de contacto; las fechas y el nivel de mi tratamiento aquí; el "
        "resumen de mi evaluación; y el motivo de la derivación. No incluye mis notas de consejería."
    ),
}
