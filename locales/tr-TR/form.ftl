form-title = Güvenlik olayı talebi oluşturun
form-intro = Teklifinizi etkileyen bir güvenlik sorununu destek ekibine bildirin. Formun her bölümü kılavuzun bir adımını izler ve o adımın önerisi hemen yanında yer alır.
form-read-guide = Önce kılavuzun tamamını okuyun
form-noscript = Form JavaScript olmadan da çalışır: tarayıcınız denetleyebildiğini denetler, gerisini de talebi gönderdiğinizde talep hizmeti denetler. Taslak saklanmaz.
form-optional = (isteğe bağlı)
form-guidance-title = Kılavuzdan
form-step-link = Kılavuzun { $step }. adımını okuyun

form-section-contact = Size nasıl ulaşabiliriz?
    .guidance = Destek sitesinde Microsoft hesabınızla oturum açarsınız; böylece destek ekibi kim olduğunuzu bilir. Burada size yazacağımız adı ve e-posta adresini, ayrıca sorunun ilgili olduğu teklifi belirtin.
form-section-event = Sorun türü ve kategori
    .guidance = Sorun türü olarak “Güvenlik olayı” seçeneğini seçin. Ardından kategoriyi belirleyin: güvenlik ihlali, saldırı veya izinsiz erişim gibi daha önce gerçekleşmiş bir olaydır; güvenlik açığı ise kötüye kullanılabilecek bir zayıflıktır.
form-section-details = Sorunun ayrıntıları
    .guidance = Sorunu hızla anlamamızı sağlayacak ayrıntıları verin: ne olduğunu; güvenlik açığıysa CVE kimliklerini veya CVSS vektörünü; geçici bir çözüm ya da risk azaltıcı bir önlem olup olmadığını ve sorunu hangi adımların giderdiğini; müşterilerinize bir mesaj gönderilmesi gerekip gerekmediğini.

form-field-contact_name = Adınız
    .required = Adınızı girin
form-field-email = E-posta adresi
    .hint = Destek ekibi talep hakkında size bu adrese yazar.
    .required = E-posta adresinizi girin
    .invalid = ad@example.com gibi doğru biçimde bir e-posta adresi girin
form-field-offer = Etkilenen teklif
    .hint = Teklifinizin Azure Marketplace'te müşterilerin gördüğü adı.
    .required = Etkilenen teklifin adını girin
form-field-issue_type = Sorun türü
    .required = Sorun türünü seçin
form-field-issue_type-security-event = Güvenlik olayı
    .hint = Teklifinizle ilgili her türlü güvenlik sorunu.
form-field-category = Kategori
    .required = Bunun bir güvenlik ihlali mi yoksa bir güvenlik açığı mı olduğunu seçin
form-field-category-incident = Güvenlik ihlali
    .hint = Bir şey oldu: teklifinizi veya müşterilerinizi etkileyen bir saldırı, izinsiz erişim ya da kötüye kullanım.
form-field-category-vulnerability = Güvenlik açığı
    .hint = Kötüye kullanılabilecek bir zayıflık; CVE kimlikleri veya CVSS puanıyla belirtilir.
form-field-description = Olayın açıklaması
    .hint = İhlali veya güvenlik açığını anlatın: ne gördüğünüzü, ne zaman olduğunu ve neyi etkilediğini.
    .required = İhlali veya güvenlik açığını anlatın
form-field-cve_ids = CVE kimlikleri
    .hint = Örneğin CVE-2021-44228. Birden fazla kimliği virgül veya boşlukla ayırın. CVE kimliklerini, bir CVSS vektörünü ya da ikisini birden girin.
form-field-cvss_vector = CVSS vektörü
    .hint = Örneğin FIRST hesaplayıcısından alınan CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N veya CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (CVSS 4.0, 3.1 ya da 3.0). Siz yazarken temel puanı görünür.
form-field-has_workaround = Geçici bir çözüm veya risk azaltıcı bir önlem var mı?
    .required = Geçici bir çözüm veya risk azaltıcı bir önlem olup olmadığını seçin
form-field-has_workaround-yes = Evet
form-field-has_workaround-no = Hayır
form-field-remediation = Sorunu gideren adımlar
    .hint = Her adımı ayrı bir satıra yazın.
    .required = Sorunu gideren adımları yazın
form-field-customer_message = Müşterileriniz için mesaj
    .hint = Müşterilerin bilgilendirilmesi gerekiyorsa bilmeleri gerekenleri yazın. Uygun olduğunda son mesajı sizinle birlikte hazırlarız.

form-error-summary-title = Bir sorun var
form-error-prefix = Hata:
form-error-invalid = Bu yanıtı kontrol edin
form-error-too-long = { $label } en fazla { $max } karakter olabilir
form-error-too-many = { $label }: en fazla { $max } kimlik girin
form-rule-cve-or-cvss = Güvenlik açığı için CVE kimliklerini veya bir CVSS vektörünü girin

form-error-cve-prefix = { $token } bir CVE kimliği değil: CVE kimlikleri CVE- ile başlar
form-error-cve-malformed = { $token } bir CVE kimliği değil: CVE-YYYY-NNNN biçiminde yazın
form-error-cve-year = { $token }: CVE kimliğindeki yıl dört basamaklıdır ve 1999 ya da sonrasıdır
form-error-cve-sequence-short = { $token }: yıldan sonraki numara en az dört basamaklı olmalıdır
form-error-cve-sequence-long = { $token }: yıldan sonraki numara en fazla on dokuz basamaklı olabilir
form-error-cve-sequence-leading-zero = { $token }: beş veya daha fazla basamaklı bir numara 0 ile başlayamaz
form-error-cve-duplicate = { $token } birden fazla kez yazılmış
form-error-cvss-empty = Bir CVSS vektörü girin
form-error-cvss-missing-prefix = CVSS vektörüne CVSS:4.0/, CVSS:3.1/ veya CVSS:3.0/ ile başlayın
form-error-cvss-unsupported-version = CVSS 4.0, 3.1 veya 3.0 sürümünde bir vektör girin
form-error-cvss-malformed = CVSS vektörünü AV:N gibi, / ile ayrılmış ölçütler olarak yazın
form-error-cvss-unknown-metric = { $metric } bu CVSS sürümünün bir ölçütü değil
form-error-cvss-invalid-value = { $metric } ölçütünün değeri bu CVSS sürümünde geçerli değil
form-error-cvss-duplicate-metric = { $metric } CVSS vektöründe birden fazla kez yer alıyor
form-error-cvss-metric-order = { $metric } yanlış yerde: CVSS 4.0 vektörü ölçütleri belirtimdeki sırayla listeler
form-error-cvss-missing-metric = CVSS vektöründe { $metric } temel ölçütü eksik

form-cvss-score = CVSS { $version } temel puanı: { $score } ({ $severity })
form-cvss-incomplete = Temel puan, vektör tamamlandığında görünür.
form-severity-none = yok
form-severity-low = düşük
form-severity-medium = orta
form-severity-high = yüksek
form-severity-critical = kritik

form-submit-send = Talebi gönder
form-submit-review = Talebi gözden geçir
form-sending = Gönderiliyor…
form-network-error = Talep hizmetine ulaşamadık, bu yüzden talebiniz gönderilmedi. Girdiğiniz her şey yerinde duruyor: bağlantınızı kontrol edip yeniden gönderin.
form-server-error = Talep hizmeti talebinizi şu anda alamadı, bu yüzden talep gönderilmedi. Girdiğiniz her şey yerinde duruyor: birkaç dakika sonra yeniden deneyin.
form-too-large = Talep, talep hizmetinin kabul ettiğinden daha büyük olduğu için gönderilmedi. Girdiğiniz her şey hâlâ burada: en uzun yanıtları kısaltıp yeniden gönderin.
form-rate-limited = Talep hizmeti kısa sürede bağlantınızdan çok sayıda talep aldığı için bu talep gönderilmedi. Girdiğiniz her şey hâlâ burada: birkaç dakika bekleyip yeniden gönderin.
form-draft-restored = Bu cihazda daha önce girdiklerinizi sakladık.
form-draft-clear = Formu temizle

form-review-title = Talebinizi kontrol edin
form-review-intro = Bu site talepleri kendisi göndermez. Talebi JSON dosyası olarak indirin ya da metin olarak kopyalayın ve destek ekibine iletin.
form-download = JSON olarak indir
form-copy = Metin olarak kopyala
form-copied = Kopyalandı.
form-copy-failed = Kopyalama başarısız oldu. Aşağıdaki metni seçip kendiniz kopyalayın.
form-edit = Yanıtları değiştir
form-review-text = Metin olarak talep
form-review-locale = Dil

form-submitted-title = Talep gönderildi
form-submitted-number = Onay numaranız:
form-submitted-quote = Bu sorunla ilgili her mesajınızda bu numarayı belirtin.

form-next-title = Bundan sonra ne olur?
form-next-acknowledgement = Talebinizi bir iş günü içinde onaylar, ona bir öncelik ve bir önem derecesi veririz.
form-next-confirmation-number = Bir onay numarası alırsınız: bu sorunla ilgili bize gönderdiğiniz her mesajda bu numarayı belirtin.
form-next-progress = Talebinizin ilerleyişini istediğiniz zaman izleyebilirsiniz.
form-next-assessment = Değerlendirmemizin sonucunu size bildiririz. Sonuca göre teklifinizi kaldırabilir veya değiştirmenizi isteyebiliriz; müşterilerin olabildiğince az etkilenmesi için sizinle birlikte çalışırız.

## Sitenin talep hizmeti olmadığında

form-offline-title = Bu site talep göndermez
form-offline-body = Buraya girdiklerinizi kimse almaz ve bu sayfa size onay numarası vermez. Formu doldurup talebinizi kontrol edin, ardından JSON dosyası olarak indirin ya da metin olarak kopyalayın ve destek ekibine iletin.
form-offline-email = Talebinizi şu adrese e-postayla da gönderebilirsiniz:
form-offline-noscript = JavaScript olmadan bu sayfa talebinizi kontrol için gösteremez ve dosyasını oluşturamaz. Yanıtlarınızı destek ekibine yazacağınız bir iletiye kopyalayın ya da JavaScript'i açın.
form-email-ticket = Talebi e-postayla gönder
form-email-subject = Güvenlik olayı talebi
form-email-shortened = Bu e-posta talebin yalnızca başını içerir: bir e-posta bağlantısı daha fazlasını taşıyamaz. İndirdiğiniz JSON dosyasını ekleyin.
form-change = Değiştir
form-trap-label = Bu alanı boş bırakın
