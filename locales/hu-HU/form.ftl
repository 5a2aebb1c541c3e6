form-title = Biztonsági eseményjegy beküldése
form-intro = Jelezze a támogatási csapatnak az ajánlatát érintő biztonsági problémát. Az űrlap minden része az útmutató egy-egy lépését követi, és a lépéshez tartozó tanács közvetlenül mellette olvasható.
form-read-guide = Először olvassa el a teljes útmutatót
form-noscript = JavaScript nélkül is működik az űrlap: a böngésző ellenőrzi, amit tud, a többit pedig a jegykezelő szolgáltatás ellenőrzi, amikor elküldi a jegyet. Piszkozat nem készül.
form-optional = (nem kötelező)
form-guidance-title = Az útmutatóból
form-step-link = Olvassa el az útmutató { $step }. lépését

form-section-contact = Elérhetőség
    .guidance = A támogatási webhelyen Microsoft-fiókjával jelentkezik be, így a támogatási csapat tudja, kicsoda Ön. Itt adja meg, milyen néven és e-mail-címen írhatunk Önnek, és melyik ajánlatát érinti a probléma.
form-section-event = Problématípus és kategória
    .guidance = Problématípusként válassza a „Biztonsági esemény” lehetőséget. Ezután válassza ki a kategóriát: a biztonsági incidens már bekövetkezett esemény, például támadás vagy betörés; a biztonsági rés olyan gyengeség, amelyet ki lehet használni.
form-section-details = A probléma részletei
    .guidance = Adja meg azokat a részleteket, amelyekből gyorsan megértjük a problémát: mi történt; biztonsági rés esetén a CVE-azonosítókat vagy a CVSS-vektort; van-e kerülő megoldás vagy kockázatcsökkentő intézkedés, és milyen lépésekkel hárítható el a probléma; valamint kell-e üzenetet küldeni az ügyfeleinek.

form-field-contact_name = Az Ön neve
    .required = Adja meg a nevét
form-field-email = E-mail-cím
    .hint = A támogatási csapat erre a címre ír Önnek a jeggyel kapcsolatban.
    .required = Adja meg az e-mail-címét
    .invalid = Helyes formátumú e-mail-címet adjon meg, például nev@example.com
form-field-offer = Érintett ajánlat
    .hint = Az ajánlat neve az Azure Marketplace-en, ahogy az ügyfelek látják.
    .required = Adja meg az érintett ajánlat nevét
form-field-issue_type = Problématípus
    .required = Válassza ki a problématípust
form-field-issue_type-security-event = Biztonsági esemény
    .hint = Az ajánlatát érintő bármilyen biztonsági probléma.
form-field-category = Kategória
    .required = Válassza ki, hogy biztonsági incidensről vagy biztonsági résről van-e szó
form-field-category-incident = Biztonsági incidens
    .hint = Valami már megtörtént: támadás, betörés vagy visszaélés, amely az ajánlatát vagy az ügyfeleit érinti.
form-field-category-vulnerability = Biztonsági rés
    .hint = Kihasználható gyengeség, amelyet CVE-azonosítók vagy CVSS-pontszám jelöl.
form-field-description = A történtek leírása
    .hint = Írja le az incidenst vagy a biztonsági rést: mit észlelt, mikor, és mire van hatással.
    .required = Írja le az incidenst vagy a biztonsági rést
form-field-cve_ids = CVE-azonosítók
    .hint = Például CVE-2021-44228. Több azonosítót vesszővel vagy szóközzel válasszon el. Adjon meg CVE-azonosítókat, CVSS-vektort vagy mindkettőt.
form-field-cvss_vector = CVSS-vektor
    .hint = Például CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N vagy CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (CVSS 4.0, 3.1 vagy 3.0), a FIRST kalkulátorából. Gépelés közben megjelenik az alappontszáma.
form-field-has_workaround = Van kerülő megoldás vagy kockázatcsökkentő intézkedés?
    .required = Válassza ki, hogy van-e kerülő megoldás vagy kockázatcsökkentő intézkedés
form-field-has_workaround-yes = Igen
form-field-has_workaround-no = Nem
form-field-remediation = A probléma elhárításának lépései
    .hint = Minden lépést külön sorba írjon.
    .required = Sorolja fel a probléma elhárításának lépéseit
form-field-customer_message = Üzenet az ügyfeleinek
    .hint = Ha az ügyfeleket tájékoztatni kell, írja le, mit kell tudniuk. Ahol indokolt, a végleges üzenetet Önnel közösen fogalmazzuk meg.

form-error-summary-title = Kérjük, javítsa a következőket
form-error-prefix = Hiba:
form-error-invalid = Ellenőrizze ezt a választ
form-error-too-long = { $label }: legfeljebb { $max } karakter lehet
form-error-too-many = { $label }: legfeljebb { $max } azonosítót adjon meg
form-rule-cve-or-cvss = Biztonsági rés esetén adjon meg CVE-azonosítókat vagy CVSS-vektort

form-error-cve-prefix = { $token } nem CVE-azonosító: a CVE-azonosító CVE- előtaggal kezdődik
form-error-cve-malformed = { $token } nem CVE-azonosító: CVE-ÉÉÉÉ-NNNN alakban írja
form-error-cve-year = { $token }: a CVE-azonosítóban az évszám négyjegyű, és legalább 1999
form-error-cve-sequence-short = { $token }: az évszám utáni szám legalább négyjegyű
form-error-cve-sequence-long = { $token }: az évszám utáni szám legfeljebb tizenkilenc jegyű
form-error-cve-sequence-leading-zero = { $token }: az ötjegyű vagy hosszabb szám nem kezdődhet 0-val
form-error-cve-duplicate = { $token } többször szerepel
form-error-cvss-empty = Adjon meg egy CVSS-vektort
form-error-cvss-missing-prefix = A CVSS-vektor elején CVSS:4.0/, CVSS:3.1/ vagy CVSS:3.0/ álljon
form-error-cvss-unsupported-version = 4.0-s, 3.1-es vagy 3.0-s verziójú CVSS-vektort adjon meg
form-error-cvss-malformed = A CVSS-vektort AV:N alakú, perjellel (/) elválasztott metrikákként írja
form-error-cvss-unknown-metric = { $metric }: ilyen metrika nincs a CVSS ezen verziójában
form-error-cvss-invalid-value = { $metric }: ez az érték nem érvényes a CVSS ezen verziójában
form-error-cvss-duplicate-metric = { $metric }: ez a metrika többször szerepel a CVSS-vektorban
form-error-cvss-metric-order = { $metric }: rossz helyen áll; a CVSS 4.0-vektor a specifikáció sorrendjében sorolja fel a metrikákat
form-error-cvss-missing-metric = A CVSS-vektorból hiányzik ez az alapmetrika: { $metric }

form-cvss-score = CVSS { $version } alappontszám: { $score } ({ $severity })
form-cvss-incomplete = Az alappontszám akkor jelenik meg, amikor a vektor teljes.
form-severity-none = nincs
form-severity-low = alacsony
form-severity-medium = közepes
form-severity-high = magas
form-severity-critical = kritikus

form-submit-send = Jegy elküldése
form-submit-review = Jegy ellenőrzése
form-sending = Küldés…
form-network-error = Nem sikerült elérni a jegykezelő szolgáltatást, ezért a jegy nem ment el. Minden, amit beírt, megmaradt: ellenőrizze a kapcsolatot, és küldje el újra.
form-server-error = A jegykezelő szolgáltatás most nem tudta fogadni a jegyet, ezért az nem ment el. Minden, amit beírt, megmaradt: néhány perc múlva próbálja újra.
form-too-large = A jegy nagyobb, mint amit a jegykezelő szolgáltatás elfogad, ezért nem lett elküldve. Minden, amit megadott, megmaradt: rövidítse le a leghosszabb válaszokat, és küldje el újra.
form-rate-limited = A jegykezelő szolgáltatás rövid idő alatt sok jegyet kapott az Ön kapcsolatáról, ezért ezt nem fogadta el. Minden, amit megadott, megmaradt: várjon néhány percet, és küldje el újra.
form-draft-restored = Megőriztük, amit korábban ezen az eszközön beírt.
form-draft-clear = Űrlap törlése

form-review-title = Ellenőrizze a jegyet
form-review-intro = Ez a webhely maga nem küld jegyeket. Töltse le a jegyet JSON-fájlként, vagy másolja ki szövegként, és juttassa el a támogatási csapatnak.
form-download = Letöltés JSON-fájlként
form-copy = Másolás szövegként
form-copied = Kimásolva.
form-copy-failed = A másolás nem sikerült. Jelölje ki az alábbi szöveget, és másolja ki saját maga.
form-edit = Válaszok módosítása
form-review-text = A jegy szövegként
form-review-locale = Nyelv

form-submitted-title = Jegy elküldve
form-submitted-number = Az Ön visszaigazolási száma:
form-submitted-quote = Erre a problémára vonatkozó minden üzenetében hivatkozzon erre a számra.

form-next-title = Mi történik ezután?
form-next-acknowledgement = Egy munkanapon belül visszaigazoljuk a jegyet, és prioritást és súlyossági szintet rendelünk hozzá.
form-next-confirmation-number = Visszaigazolási számot kap: a problémával kapcsolatos minden üzenetében hivatkozzon rá.
form-next-progress = A kérés előrehaladását bármikor nyomon követheti.
form-next-assessment = Tájékoztatjuk a vizsgálat eredményéről. Ettől függően eltávolíthatjuk az ajánlatát, vagy kérhetjük, hogy módosítsa, és Önnel együtt azon dolgozunk, hogy az ügyfeleket a lehető legkisebb kár érje.

## Ha a webhelynek nincs jegykezelő szolgáltatása

form-offline-title = Ez a webhely nem küld jegyeket
form-offline-body = Amit itt megad, azt senki sem kapja meg, és ez az oldal nem ad visszaigazolási számot. Töltse ki az űrlapot, ellenőrizze a jegyet, majd töltse le JSON-fájlként vagy másolja ki szövegként, és juttassa el a támogatási csapatnak.
form-offline-email = A jegyet e-mailben is elküldheti erre a címre:
form-offline-noscript = JavaScript nélkül ez az oldal nem tudja ellenőrzésre megjeleníteni a jegyet, és fájlt sem tud készíteni belőle. Másolja a válaszait egy üzenetbe a támogatási csapatnak, vagy kapcsolja be a JavaScriptet.
form-email-ticket = Jegy küldése e-mailben
form-email-subject = Biztonsági eseménnyel kapcsolatos jegy
form-email-shortened = Ez az e-mail csak a jegy elejét tartalmazza: egy e-mail-hivatkozás ennél többet nem tud átadni. Csatolja a letöltött JSON-fájlt.
form-change = Módosítás
form-trap-label = Ezt a mezőt hagyja üresen
