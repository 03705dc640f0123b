package io.polarity.pipeline.preprocess;

import com.ibm.icu.text.BreakIterator;
import com.ibm.icu.util.ULocale;
import io.polarity.pipeline.preprocess.NormalizerConfig.UnspacedScripts;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Turns review text into tokens, the same way at training, evaluation and scoring time.
 *
 * <ol>
 *   <li>HTML: {@code <br />} and other tags become spaces; character references are decoded, every
 *       named HTML5 entity ({@code &eacute;}, {@code &hellip;}, ...) and every numeric one ({@code
 *       &#8217;}, {@code &#x2019;}), by jsoup.
 *   <li>Unicode NFKC (full-width letters, ligatures and the like fold to plain forms), then lower
 *       case (configurable).
 *   <li>Personal data: URLs, e-mail addresses and runs of at least {@code digit-run} digits become
 *       the placeholder tokens {@code <url>}, {@code <email>}, {@code <num>} (each configurable).
 *   <li>Contractions split as in the Penn Treebank ({@code don't -> do n't}, {@code can't -> ca
 *       n't}, {@code it's -> it 's}), so the negation {@code n't} is a token of its own; "not",
 *       "no" and "never" are ordinary tokens and never dropped.
 *   <li>Tokens: words (letters and digits, with the combining marks that follow a letter of a
 *       script other than Latin, Greek or Cyrillic, such as Thai's and Devanagari's vowel signs,
 *       and inner hyphens or apostrophes), {@code !} and {@code ?} (runs cut to three), emoticons
 *       such as {@code :)} {@code :-(} {@code <3}, and emoji; other punctuation is dropped.
 *   <li>Scripts written without spaces between words (Han, Hiragana, Katakana, Thai, Lao, Khmer,
 *       Myanmar): a word holding any of them is cut by ICU's word segmentation (Unicode's word
 *       boundaries and ICU's dictionaries), and with {@link UnspacedScripts#CHARACTERS} its Han and
 *       kana words further into characters; Latin words and numbers inside it stay whole ({@code
 *       买iphone12手机} gives {@code 买 iphone12 手 机}). {@link UnspacedScripts#WORDS_AND_CHARACTERS}
 *       gives the words, then the Han and kana characters.
 * </ol>
 */
public final class TextNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String URL = "<url>";
  public static final String EMAIL = "<email>";
  public static final String NUMBER = "<num>";

  private static final Pattern TAG = Pattern.compile("<[a-zA-Z/!][^<>]{0,500}>");

  /**
   * The scripts written without spaces: an address or URL ends where one of their letters begins
   * ({@code 联系我joe@example.com或} holds the address {@code joe@example.com}).
   */
  private static final String UNSPACED =
      "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsThai}\\p{IsLao}\\p{IsKhmer}\\p{IsMyanmar}";

  private static final Pattern URL_PATTERN =
      Pattern.compile("(?:https?://|www\\.)[^\\s<>\"" + UNSPACED + "]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile(
          "[\\p{L}\\p{N}._%+\\-&&[^"
              + UNSPACED
              + "]]+@[\\p{L}\\p{N}\\-&&[^"
              + UNSPACED
              + "]]+(?:\\.[\\p{L}\\p{N}\\-&&[^"
              + UNSPACED
              + "]]+)+");
  private static final Pattern CONTRACTION_NT =
      Pattern.compile("\\b(ca|wo|sha|[\\p{L}]+?)n['’]t\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CONTRACTION_CLITIC =
      Pattern.compile("(?<=\\p{L})['’](s|re|ve|ll|d|m)\\b", Pattern.CASE_INSENSITIVE);

  /**
   * The rest of a word after its first letter or digit: letters and digits, and the combining marks
   * that follow a letter of a script other than Latin, Greek or Cyrillic (Thai and Devanagari vowel
   * signs are part of their word; a mark on a Latin letter, as in underlined text, ends the word
   * there as it always did). Possessive, so a long word costs no stack.
   */
  private static final String WORD_REST =
      "(?:[\\p{L}\\p{N}]++|(?<=[\\p{L}&&[^\\p{IsLatin}\\p{IsGreek}\\p{IsCyrillic}]])\\p{M}++)*+";

  private static final String EMOTICON = "(?:[:;=][-'^]?[)(\\]\\[dDpP/\\\\|*oO]|<3)";
  private static final Pattern TOKEN =
      Pattern.compile(
          "<url>|<email>|<num>"
              + "|"
              + EMOTICON
              + "(?![\\p{L}\\p{N}])"
              + "|n't|'(?:s|re|ve|ll|d|m)\\b"
              + "|[\\p{L}\\p{N}]"
              + WORD_REST
              + "(?:[-'][\\p{L}\\p{N}]"
              + WORD_REST
              + ")*"
              + "|!+|\\?+"
              + "|\\p{So}");

  /**
   * ICU's word segmentation, one per thread: an instance holds the text it is cutting, and one
   * normaliser serves every task of an executor through the vocabulary's broadcast.
   */
  private static final ThreadLocal<BreakIterator> WORD_BREAKS =
      ThreadLocal.withInitial(() -> BreakIterator.getWordInstance(ULocale.ROOT));

  private final NormalizerConfig config;
  private final Pattern digitRun;

  public TextNormalizer(NormalizerConfig config) {
    this.config = config;
    this.digitRun = Pattern.compile("\\d{" + config.digitRun() + ",}");
  }

  public NormalizerConfig config() {
    return config;
  }

  /** The tokens of one text; an empty list when nothing is left. */
  public List<String> tokens(String text) {
    String s = normalise(text);
    List<String> tokens = new ArrayList<>();
    // words-and-characters: the Han and kana characters, added after the words
    List<String> characters =
        config.unspacedScripts() == UnspacedScripts.WORDS_AND_CHARACTERS ? new ArrayList<>() : null;
    Matcher m = TOKEN.matcher(s);
    while (m.find()) {
      String token = m.group();
      char first = token.charAt(0);
      if ((first == '!' || first == '?') && token.length() > 3) {
        token = token.substring(0, 3);
      }
      if (config.unspacedScripts() != UnspacedScripts.RUNS && hasUnspacedScript(token)) {
        addSegments(token, tokens, characters);
      } else {
        tokens.add(token);
      }
    }
    if (characters != null) {
      tokens.addAll(characters);
    }
    return tokens;
  }

  /**
   * The words ICU's segmentation finds in {@code word}, Han and kana ones by character if so set;
   * {@code characters}, where not null, gets the characters of the Han and kana words.
   */
  private void addSegments(String word, List<String> tokens, List<String> characters) {
    boolean byCharacter = config.unspacedScripts() == UnspacedScripts.CHARACTERS;
    if (byCharacter && isHanOrKana(word, 0, word.length())) {
      addCharacters(word, 0, word.length(), tokens); // what ICU's words would give, by character
      return;
    }
    BreakIterator breaks = WORD_BREAKS.get();
    breaks.setText(word);
    int start = breaks.first();
    for (int end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
      if (breaks.getRuleStatus() == BreakIterator.WORD_NONE) {
        continue; // the hyphen or apostrophe between two parts
      }
      if (byCharacter && isHanOrKana(word, start, end)) {
        addCharacters(word, start, end, tokens);
      } else {
        tokens.add(word.substring(start, end));
        if (characters != null && isHanOrKana(word, start, end)) {
          addCharacters(word, start, end, characters);
        }
      }
    }
  }

  private static void addCharacters(String word, int start, int end, List<String> tokens) {
    for (int i = start; i < end; ) {
      int next = i + Character.charCount(word.codePointAt(i));
      tokens.add(word.substring(i, next));
      i = next;
    }
  }

  /** Whether {@code token} holds a letter of a script written without spaces between words. */
  static boolean hasUnspacedScript(String token) {
    for (int i = 0; i < token.length(); ) {
      int c = token.codePointAt(i);
      // every such script lies above U+0E00 (Thai): most European text never looks a script up
      if (c >= 0x0E00 && isUnspaced(Character.UnicodeScript.of(c))) {
        return true;
      }
      i += Character.charCount(c);
    }
    return false;
  }

  /** The scripts of {@link #UNSPACED}, which the patterns use; keep the two lists alike. */
  private static boolean isUnspaced(Character.UnicodeScript script) {
    return switch (script) {
      case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR -> true;
      default -> false;
    };
  }

  /**
   * Whether {@code word[start, end)} holds Han, Hiragana or Katakana and nothing else but marks
   * such as ー (a number such as {@code 12} between Chinese words stays whole).
   */
  private static boolean isHanOrKana(String word, int start, int end) {
    boolean hanOrKana = false;
    for (int i = start; i < end; ) {
      int c = word.codePointAt(i);
      switch (Character.UnicodeScript.of(c)) {
        case HAN, HIRAGANA, KATAKANA -> hanOrKana = true;
        case COMMON, INHERITED -> {
          if (!Character.isLetter(c) && Character.getType(c) != Character.NON_SPACING_MARK) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
      i += Character.charCount(c);
    }
    return hanOrKana;
  }

  /** The text before tokenisation: markup removed, folded, placeholders in, contractions split. */
  String normalise(String text) {
    // each step runs only when its trigger character occurs: most reviews skip most of them
    String s = text.indexOf('<') >= 0 ? TAG.matcher(text).replaceAll(" ") : text;
    s = decodeEntities(s);
    if (!isAscii(s)) {
      s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    }
    if (config.lowercase()) {
      s = s.toLowerCase(Locale.ROOT);
    }
    if (config.urls() && (s.contains("://") || s.contains("www.") || s.contains("WWW."))) {
      s = URL_PATTERN.matcher(s).replaceAll(" " + URL + " ");
    }
    if (config.emails() && s.indexOf('@') >= 0) {
      s = EMAIL_PATTERN.matcher(s).replaceAll(" " + EMAIL + " ");
    }
    if (config.digitRun() > 0) {
      s = digitRun.matcher(s).replaceAll(" " + NUMBER + " ");
    }
    if (config.splitContractions()) {
      s = splitContractions(s);
    }
    return s;
  }

  /**
   * {@code CONTRACTION_NT} replaced by {@code "$1 n't"}, then {@code CONTRACTION_CLITIC} by {@code
   * " '$1"}, as {@code replaceAll} would over the whole text, but with the patterns run only over
   * the words that hold an apostrophe: run over a whole review they cost more than all the other
   * steps together.
   */
  static String splitContractions(String s) {
    String negationsSplit = replaceAroundApostrophes(s, CONTRACTION_NT, stem -> stem + " n't");
    return replaceAroundApostrophes(negationsSplit, CONTRACTION_CLITIC, clitic -> " '" + clitic);
  }

  /**
   * Every match of {@code pattern} in {@code s} replaced by {@code replacement} of its group 1.
   * Both contraction patterns match only letters and apostrophes around an apostrophe, so each
   * match lies inside one run of letters and apostrophes that holds one; the matcher searches those
   * runs only, with transparent bounds so that word boundaries and look-behinds see the text around
   * them exactly as a search of the whole text would.
   */
  private static String replaceAroundApostrophes(
      String s, Pattern pattern, UnaryOperator<String> replacement) {
    StringBuilder out = null;
    Matcher m = null;
    int copied = 0;
    int searched = 0; // the text before this holds no match still to find
    for (int q = nextApostrophe(s, 0); q >= 0; q = nextApostrophe(s, searched)) {
      int from = q;
      while (from > searched && isWordOrApostrophe(s.charAt(from - 1))) {
        from--;
      }
      int to = q + 1;
      while (to < s.length() && isWordOrApostrophe(s.charAt(to))) {
        to++;
      }
      if (m == null) {
        m = pattern.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
      }
      m.region(from, to);
      while (m.find()) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16);
        }
        out.append(s, copied, m.start());
        out.append(replacement.apply(m.group(1)));
        copied = m.end();
      }
      searched = to;
    }
    if (out == null) {
      return s;
    }
    return out.append(s, copied, s.length()).toString();
  }

  private static int nextApostrophe(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '’') {
        return i;
      }
    }
    return -1;
  }

  /** Letters (of any script, surrogate halves included) and both apostrophes. */
  private static boolean isWordOrApostrophe(char c) {
    return c == '\'' || c == '’' || Character.isLetter(c) || Character.isSurrogate(c);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String decodeEntities(String s) {
    return s.indexOf('&') < 0
        ? s
        : Parser.unescapeEntities(s, false /* in text, not an attribute */);
  }
}
