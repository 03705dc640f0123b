package io.polarity.pipeline.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Stable identifiers derived from content: review ids, duplicate keys, split points. */
public final class ReviewIds {
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern TAGS = Pattern.compile("<[^>]{0,200}>");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JVM has no SHA-256", e);
            }
          });

  private ReviewIds() {}

  /**
   * The review id: 16 hex digits of SHA-256 over the source name and the record's own id, or over
   * the source name and the text when the record has no id.
   */
  public static String reviewId(String source, String sourceId, String text) {
    String identity = sourceId != null ? "id\u0000" + sourceId : "text\u0000" + text;
    return HEX.formatHex(digest(source + "\u0000" + identity), 0, 8);
  }

  /**
   * The duplicate key of a text: 32 hex digits of SHA-256 over its normalised form (NFKC, HTML tags
   * removed, lower case, white space collapsed), so that copies differing only in markup, case or
   * spacing count as the same review.
   */
  public static String duplicateKey(String text) {
    return HEX.formatHex(digest(normaliseForDuplicates(text)), 0, 16);
  }

  static String normaliseForDuplicates(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = TAGS.matcher(s).replaceAll(" ");
    s = SPACE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ");
    return s.trim();
  }

  /** A uniform point in [0, 1) determined by the review id alone. */
  public static double unitInterval(String reviewId) {
    byte[] d = digest("split\u0000" + reviewId);
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (d[i] & 0xff);
    }
    return (bits >>> 3) / (double) (1L << 53);
  }

  private static byte[] digest(String value) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(value.getBytes(StandardCharsets.UTF_8));
  }
}
