package io.polarity.pipeline.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    TextNormalizer plain = new TextNormalizer(new NormalizerConfig(false, false, false, 0, false));

    assertThat(plain.tokens("Don't email a@b.co 5551234567"))
        .containsExactly("Don't", "email", "a", "b", "co", "5551234567");
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
}
