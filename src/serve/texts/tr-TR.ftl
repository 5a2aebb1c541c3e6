# The error overlay `tolk serve` shows on every open page when a rebuild fails.
serve-overlay-title = Site yeniden oluşturulamadı
serve-overlay-intro = Bu sayfa, başarıyla oluşturulan son sürümü gösteriyor. Aşağıdaki sorunları düzeltip kaydedin: sayfa kendiliğinden güncellenir.
serve-overlay-more = { $count ->
   *[other] { $count } sorun daha terminalde listeleniyor.
}
