package io.polarity.pipeline.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.polarity.pipeline.preprocess.NormalizerConfig.UnspacedScripts;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  private final TextNormalizer normalizer = new TextNormalizer(NormalizerConfig.defaults());

  private List<String> tokens(String text) {
    return normalizer.tokens(text);
  }

  @Test
  void removesMarkupAndDecodesEntities() {
    assertThat(tokens("Great<br /><br />movie &amp; <i>fun</i> &quot;really&quot; &#233;t&#xE9;"))
        .containsExactly("great", "movie", "fun", "really", "été");
  }

  @Test
  void decodesEveryNamedAndNumericEntity() {
    // HTML5 names beyond HTML 4's, numeric references, and an unknown name kept as text
    assertThat(
            tokens(
                "Caf&eacute; &hellip; na&iuml;ve &Uuml;ber &mdash; it&rsquo;s don&#x2019;t"
                    + " &hearts; &frac12; &zzz;"))
        .containsExactly("café", "naïve", "über", "it", "'s", "do", "n't", "♥", "1", "2", "zzz");
  }

  @Test
  void foldsUnicodeWithNfkcAndLowerCase() {
    assertThat(tokens("ＧＲＥＡＴ ﬁlm, Café")).containsExactly("great", "film", "café");
  }

  @Test
  void keepsNegationsAsTokens() {
    assertThat(
            tokens("I don't like it, it's not good. Can't stand it! Won't watch; never again, no."))
        .containsExactly(
            "i", "do", "n't", "like", "it", "it", "'s", "not", "good", "ca", "n't", "stand", "it",
            "!", "wo", "n't", "watch", "never", "again", "no");
  }

  @Test
  void keepsEmoticonsEmojiAndCutsPunctuationRuns() {
    assertThat(tokens("Loved it :) 😀 <3 but the end :-( What?!!!!!"))
        .containsExactly(
            "loved", "it", ":)", "😀", "<3", "but", "the", "end", ":-(", "what", "?", "!!!");
  }

  @Test
  void replacesPersonalDataWithPlaceholders() {
    assertThat(
            tokens(
                "Mail joe.doe@example.com or see https://x.example/a?b=1 call 5551234567 in 1999"))
        .containsExactly(
            "mail",
            TextNormalizer.EMAIL,
            "or",
            "see",
            TextNormalizer.URL,
            "call",
            TextNormalizer.NUMBER,
            "in",
            "1999");
  }

  @Test
  void eachStepCanBeSwitchedOff() {
    TextNormalizer plain =
        new TextNormalizer(
            new NormalizerConfig(false, false, false, 0, false, UnspacedScripts.RUNS));

    assertThat(plain.tokens("Don't email a@b.co 5551234567"))
        .containsExactly("Don't", "email", "a", "b", "co", "5551234567");
  }

  @Test
  void cutsChineseIntoCharactersAndKeepsLatinWordsNumbersAndEmojiWhole() {
    assertThat(with(UnspacedScripts.CHARACTERS).tokens("买了iPhone 15，屏幕很好😀！价格1299元，物流快。"))
        .containsExactly(
            "买", "了", "iphone", "15", "屏", "幕", "很", "好", "😀", "!", "价", "格", "1299", "元", "物",
            "流", "快");
  }

  @Test
  void replacesPersonalDataInChineseText() {
    assertThat(
            with(UnspacedScripts.CHARACTERS)
                .tokens("联系我joe@example.com或13812345678，网址www.example.cn"))
        .containsExactly(
            "联",
            "系",
            "我",
            TextNormalizer.EMAIL,
            "或",
            TextNormalizer.NUMBER,
            "网",
            "址",
            TextNormalizer.URL);
  }

  @Test
  void cutsJapaneseIntoDictionaryWordsOrCharacters() {
    assertThat(with(UnspacedScripts.CHARACTERS).tokens("この本はとても面白かったです"))
        .containsExactly("こ", "の", "本", "は", "と", "て", "も", "面", "白", "か", "っ", "た", "で", "す");
    assertThat(tokens("この本はとても面白かったです"))
        .containsExactly("この", "本", "は", "とても", "面白", "か", "っ", "た", "です");
  }

  @Test
  void cutsChineseIntoDictionaryWordsByDefaultOrKeepsRunsAsBefore() {
    assertThat(tokens("这本书很不错，物流也快")).containsExactly("这", "本", "书", "很", "不错", "物流", "也", "快");
    assertThat(with(UnspacedScripts.RUNS).tokens("这本书很不错，物流也快")).containsExactly("这本书很不错", "物流也快");
  }

  @Test
  void givesChineseWordsThenCharactersWhenSetToBoth() {
    assertThat(with(UnspacedScripts.WORDS_AND_CHARACTERS).tokens("物流很快，iPhone不错"))
        .containsExactly("物流", "很快", "iphone", "不错", "物", "流", "很", "快", "不", "错");
    // text without such a script is tokenised as with words alone
    assertThat(with(UnspacedScripts.WORDS_AND_CHARACTERS).tokens("Great phone, fast delivery!"))
        .containsExactly("great", "phone", "fast", "delivery", "!");
  }

  @Test
  void cutsThaiIntoDictionaryWordsWithTheirVowelMarks() {
    assertThat(tokens("สินค้าดีมากครับ")).containsExactly("สินค้า", "ดี", "มาก", "ครับ");
  }

  @Test
  void leavesScriptsWrittenWithSpacesAsWords() {
    // Korean and Hindi have spaces; Devanagari's vowel signs are marks inside the word
    assertThat(tokens("정말 좋아요! बहुत अच्छा")).containsExactly("정말", "좋아요", "!", "बहुत", "अच्छा");
    assertThat(TextNormalizer.hasUnspacedScript("naïve-café Привет 좋아요")).isFalse();
    // a combining mark on a Latin letter (underlined text) ends the word, as it always did
    assertThat(tokens("t\u0332he end")).containsExactly("t", "he", "end");
    assertThat(TextNormalizer.hasUnspacedScript("good物流")).isTrue();
  }

  @Test
  void aVocabularyWrittenBeforeTheSettingExistedKeepsItsRuns() throws Exception {
    // a manifest's normaliser as vocabularies stored it before 2026-12-07
    NormalizerConfig stored =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue(
                "{\"lowercase\":true,\"urls\":true,\"emails\":true,\"digitRun\":5,"
                    + "\"splitContractions\":true}",
                NormalizerConfig.class);

    assertThat(stored.unspacedScripts()).isEqualTo(UnspacedScripts.RUNS);
    assertThat(new TextNormalizer(stored).tokens("物流很快")).containsExactly("物流很快");
  }

  private static TextNormalizer with(UnspacedScripts unspaced) {
    return new TextNormalizer(new NormalizerConfig(true, true, true, 5, true, unspaced));
  }

  @Test
  void leavesNothingOfMarkupAndPunctuationOnly() {
    assertThat(tokens("<br /><br /> ... -- ** <p></p>")).isEmpty();
  }

  @Test
  void handlesVeryLongReviews() {
    String longReview = "not bad at all ".repeat(50_000);

    assertThat(tokens(longReview)).hasSize(200_000).startsWith("not", "bad", "at", "all");
  }

  @Test
  void splitsContractionsExactlyAsTheWholeTextPatternsWould() {
    // the reference: both patterns over the whole text, as before they were run around apostrophes
    Pattern negation =
        Pattern.compile("\\b(ca|wo|sha|[\\p{L}]+?)n['’]t\\b", Pattern.CASE_INSENSITIVE);
    Pattern clitic =
        Pattern.compile("(?<=\\p{L})['’](s|re|ve|ll|d|m)\\b", Pattern.CASE_INSENSITIVE);
    // letters, apostrophes, digits, underscores, a combining mark, a letter outside the BMP
    String[] pieces = {
      "n't", "N’T", "'s", "’Re", "n", "N", "t", "T", "'", "’", "ca", "wo", "sha", "do", "s", "re",
      "ve", "ll", "d", "m", "é", "\u0301", "𝒜", "2", "_", " ", "-", ".", "x"
    };
    Random random = new Random(42);
    int changed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = random.nextInt(24); j > 0; j--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = text.toString();
      String expected = clitic.matcher(negation.matcher(s).replaceAll("$1 n't")).replaceAll(" '$1");

      assertThat(TextNormalizer.splitContractions(s)).as("splitting %s", s).isEqualTo(expected);
      changed += expected.equals(s) ? 0 : 1;
    }
    // the generated texts exercise the patterns: a good share of them has a contraction
    assertThat(changed).isGreaterThan(5_000);
  }
}
