site-name = Güvenlik olayı destek talepleri
skip-to-content = İçeriğe geç
nav-label = Ana menü
nav-guide = Kılavuz
nav-form = Talep oluştur
language-switcher = Dil

search-label = Kılavuzda ara
search-placeholder = Ara
search-no-results = Sonuç yok
search-results = { $count ->
    [one] { $count } sonuç
   *[other] { $count } sonuç
}
search-source-language = İngilizce

footer-status = Çeviri durumu
footer-built-with = tolk ile oluşturuldu

notice-untranslated = Bu sayfa henüz çevrilmedi. Sayfayı özgün dilinde ({ $language }) görüyorsunuz.
notice-machine = Bu sayfa makine çevirisiyle oluşturuldu ve hatalar içerebilir.
notice-machine-reviewed = Bu sayfa makine çevirisiyle oluşturuldu ve bir kişi tarafından gözden geçirildi.
notice-machine-link = Özgün metni okuyun ({ $language })
notice-outdated = Özgün sayfa bu çeviri yapıldıktan sonra değişti; çevirinin bazı bölümleri güncel olmayabilir.
notice-outdated-link = Özgün sayfanın güncel hâlini okuyun
toc-title = Bu sayfada
aside-form-title = Bildirmeye hazır mısınız?
aside-form-text = Talep formu bu kılavuzun adımlarını izler ve yanıtlarınızı siz doldururken denetler.
updated-on = Son güncelleme:
cta-open-form = Güvenlik olayı talebi oluştur
step-start-form = Talebi formumuzla başlatın

home-title = Güvenlik olayları kılavuzu
home-intro = Ürününüzde bir güvenlik sorunu mu buldunuz? Nasıl bildireceğinizi okuyun, ardından bir talep oluşturun.
home-articles = Makaleler
home-untranslated = henüz çevrilmedi

choose-language = Dilinizi seçin
not-found-home = Ana sayfaya git
not-found = Sayfa bulunamadı

chart-security-event = Güvenlik olayı
    .description = Teklifinizi etkileyen her türlü güvenlik sorunu için sorun türü
chart-incident = Güvenlik ihlali
    .description = Bir şey oldu: teklifinizi veya müşterilerinizi etkileyen bir saldırı, izinsiz erişim ya da kötüye kullanım.
chart-vulnerability = Güvenlik açığı
    .description = Kötüye kullanılabilecek bir zayıflık; CVE kimlikleri veya CVSS puanıyla belirtilir.

status-title = Çeviri durumu
status-intro = Her dilde ne kadarının çevrildiği ve her sayfanın özgün metnin güncel hâlini izleyip izlemediği.
status-ui-heading = Arayüz metinleri
status-language = Dil
status-ui-translated = Çevrilen metinler
status-ui-count = { $total } metnin { $translated } tanesi (%{ $percent })
status-pages-heading = Sayfalar
status-page = Sayfa
status-kind-source = Özgün metin
status-kind-machine = Makine çevirisi
status-kind-reviewed = Makine çevirisi, gözden geçirildi
status-kind-human = İnsan çevirisi
status-kind-missing = Çevrilmedi
status-fresh-up-to-date = Güncel
status-fresh-outdated = Güncel değil: özgün metin değişti
status-fresh-unknown = Kaynak sürümü bilinmiyor
status-findings = { $count ->
        [0] Yapı bulgusu yok
        [one] 1 yapı bulgusu, { $fixable } tanesi tolk fix ile onarılabilir
       *[other] { $count } yapı bulgusu, { $fixable } tanesi tolk fix ile onarılabilir
    }

# Navigation: the sidebar, breadcrumbs, previous/next and the full table of contents.
nav-docs = Belgeler
nav-breadcrumbs = İçerik yolu
nav-prev = Önceki
nav-next = Sonraki
nav-full-toc = Tüm içindekiler
nav-toc-title = İçindekiler
nav-more = Diğer sayfalar

# Microsoft Docs Markdown (src/markdown/docfx/).
docfx-note = Not
docfx-tip = İpucu
docfx-important = Önemli
docfx-caution = Dikkat
docfx-warning = Uyarı
docfx-video = Videoyu izleyin
docfx-zone = Şunlar için geçerlidir
