package io.polarity.pipeline.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Writes synthetic reviews that read like real ones: sentiment carried by adjectives, verbs and
 * phrases, negated opposites ("not boring"), mixed opinions, neutral filler, occasional HTML line
 * breaks and a rating, with lengths from a sentence or two to several hundred words. A review is a
 * pure function of (seed, index), so any slice of a corpus can be regenerated on any executor.
 *
 * <p>The label is the text's sentiment, except for a configurable share flipped against it (label
 * noise), so that no model can reach 100%.
 */
public final class ReviewGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final String[] POSITIVE = {
    "great",
    "excellent",
    "wonderful",
    "brilliant",
    "superb",
    "enjoyable",
    "moving",
    "charming",
    "impressive",
    "delightful",
    "fantastic",
    "memorable",
    "gripping",
    "beautiful",
    "clever",
    "touching",
    "outstanding",
    "fun",
    "refreshing",
    "satisfying",
    "stunning",
    "engaging",
    "solid",
    "lovely",
    "witty",
    "powerful",
    "perfect",
    "terrific",
    "inspired",
    "elegant"
  };
  private static final String[] NEGATIVE = {
    "terrible",
    "awful",
    "boring",
    "dull",
    "disappointing",
    "bad",
    "poor",
    "weak",
    "tedious",
    "predictable",
    "forgettable",
    "clumsy",
    "messy",
    "pointless",
    "annoying",
    "lifeless",
    "cheap",
    "mediocre",
    "bland",
    "painful",
    "horrible",
    "lazy",
    "confusing",
    "shallow",
    "flat",
    "irritating",
    "sloppy",
    "unconvincing",
    "dreadful",
    "stale"
  };
  private static final String[] INTENSIFIERS = {
    "",
    "",
    "",
    "really ",
    "very ",
    "truly ",
    "quite ",
    "absolutely ",
    "rather ",
    "incredibly ",
    "pretty ",
    "surprisingly ",
    "genuinely "
  };
  private static final String[][] ASPECTS = {
    {
      "acting",
      "plot",
      "script",
      "story",
      "soundtrack",
      "cinematography",
      "ending",
      "dialogue",
      "pacing",
      "direction",
      "cast",
      "lead performance",
      "special effects",
      "editing",
      "humour",
      "first half",
      "final act",
      "score",
      "set design",
      "villain"
    },
    {
      "battery life",
      "build quality",
      "screen",
      "price",
      "packaging",
      "customer service",
      "design",
      "sound",
      "manual",
      "delivery",
      "fit and finish",
      "setup",
      "app",
      "warranty",
      "charger",
      "material",
      "size",
      "weight",
      "buttons",
      "display"
    }
  };
  private static final String[][] ITEMS = {
    {"movie", "film", "picture", "sequel", "thriller", "comedy", "drama", "documentary"},
    {"product", "device", "purchase", "gadget", "item", "unit", "model", "thing"}
  };
  private static final String[] POSITIVE_VERBS = {
    "loved", "enjoyed", "adored", "really liked", "was impressed by", "was won over by"
  };
  private static final String[] NEGATIVE_VERBS = {
    "hated", "regret", "disliked", "was let down by", "could not stand", "wasted my money on"
  };
  private static final String[] OPENERS = {
    "Overall", "All in all", "In the end", "To sum up", "Honestly", "In short"
  };
  private static final String[] PEOPLE = {
    "my wife",
    "my husband",
    "a friend",
    "my kids",
    "my parents",
    "my brother",
    "a colleague",
    "my sister"
  };
  private static final String[] DAYS = {
    "Monday", "Tuesday", "Friday", "Saturday", "Sunday", "rainy", "quiet", "long"
  };
  private static final String[] PLACES = {
    "a small town",
    "Paris",
    "the desert",
    "a big city",
    "an old house",
    "the mountains",
    "a hospital",
    "a boarding school",
    "New York",
    "a ship"
  };
  private static final String[] NAMES = {
    "Anna",
    "Marco",
    "Mr. Davies",
    "the detective",
    "the young mother",
    "Tom",
    "the captain",
    "Lucy",
    "the old farmer",
    "Sam"
  };

  private final long seed;
  private final double labelNoise;
  private final double unlabeledFraction;

  public ReviewGenerator(long seed, double labelNoise, double unlabeledFraction) {
    this.seed = seed;
    this.labelNoise = labelNoise;
    this.unlabeledFraction = unlabeledFraction;
  }

  /** The review with the given index in this generator's corpus. */
  public GeneratedReview review(long index) {
    SplittableRandom rnd = new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    boolean unlabeled = rnd.nextDouble() < unlabeledFraction;
    boolean positiveText = rnd.nextBoolean();
    int domain = rnd.nextDouble() < 0.7 ? 0 : 1;
    String text = text(rnd, positiveText, domain);
    if (unlabeled) {
      return new GeneratedReview(index, text, null, 0);
    }
    boolean positiveLabel = rnd.nextDouble() < labelNoise ? !positiveText : positiveText;
    int rating = positiveLabel ? 7 + rnd.nextInt(4) : 1 + rnd.nextInt(4);
    return new GeneratedReview(
        index, text, positiveLabel ? GeneratedReview.POSITIVE : GeneratedReview.NEGATIVE, rating);
  }

  private static String text(SplittableRandom rnd, boolean positive, int domain) {
    // log-normal sentence count: median ~8, a long tail to ~60 (tens to hundreds of words)
    int sentences = (int) Math.round(Math.exp(2.1 + 0.7 * gaussian(rnd)));
    sentences = Math.max(2, Math.min(60, sentences));
    StringBuilder sb = new StringBuilder(sentences * 60);
    for (int i = 0; i < sentences; i++) {
      if (i > 0) {
        sb.append(rnd.nextDouble() < 0.12 ? "<br /><br />" : " ");
      }
      double kind = rnd.nextDouble();
      if (kind < 0.30) {
        sb.append(neutral(rnd, domain));
      } else if (kind < 0.42) {
        // a mixed opinion: the other sentiment, so single words do not decide
        sb.append(opinion(rnd, !positive, domain));
      } else {
        sb.append(opinion(rnd, positive, domain));
      }
    }
    if (rnd.nextDouble() < 0.08) {
      int score = positive ? 7 + rnd.nextInt(4) : 1 + rnd.nextInt(4);
      sb.append(" ").append(score).append("/10.");
    }
    return sb.toString();
  }

  private static String opinion(SplittableRandom rnd, boolean positive, int domain) {
    String aspect = pick(rnd, ASPECTS[domain]);
    String item = pick(rnd, ITEMS[domain]);
    String adj = pick(rnd, positive ? POSITIVE : NEGATIVE);
    String opposite = pick(rnd, positive ? NEGATIVE : POSITIVE);
    return switch (rnd.nextInt(9)) {
      case 0 -> capitalise("the " + aspect + " was " + pick(rnd, INTENSIFIERS) + adj + ".");
      case 1 -> capitalise("the " + aspect + " was not " + opposite + " at all.");
      case 2 ->
          "I " + pick(rnd, positive ? POSITIVE_VERBS : NEGATIVE_VERBS) + " this " + item + ".";
      case 3 ->
          positive
              ? "I would recommend it to " + pick(rnd, PEOPLE) + "."
              : "I would not recommend it to anyone, not even " + pick(rnd, PEOPLE) + ".";
      case 4 -> pick(rnd, OPENERS) + ", a " + pick(rnd, INTENSIFIERS) + adj + " " + item + ".";
      case 5 -> "Some say the " + aspect + " is " + opposite + ", but I don't agree.";
      case 6 ->
          positive
              ? "It isn't "
                  + opposite
                  + ", and the "
                  + aspect
                  + " never gets "
                  + pick(rnd, NEGATIVE)
                  + "."
              : "It isn't "
                  + opposite
                  + ", and the "
                  + aspect
                  + " never gets "
                  + pick(rnd, POSITIVE)
                  + ".";
      case 7 -> capitalise("what a " + adj + " " + item + (rnd.nextBoolean() ? "!" : "."));
      default ->
          capitalise(
              "the "
                  + aspect
                  + " felt "
                  + pick(rnd, INTENSIFIERS)
                  + adj
                  + " and "
                  + pick(rnd, positive ? POSITIVE : NEGATIVE)
                  + ".");
    };
  }

  private static String neutral(SplittableRandom rnd, int domain) {
    if (domain == 1) {
      return switch (rnd.nextInt(4)) {
        case 0 -> "I bought it " + (2 + rnd.nextInt(10)) + " weeks ago.";
        case 1 ->
            "It arrived on a "
                + pick(rnd, DAYS)
                + " and "
                + pick(rnd, PEOPLE)
                + " helped me set it up.";
        case 2 -> "I use it about " + (1 + rnd.nextInt(8)) + " times a week.";
        default -> "It comes in " + (2 + rnd.nextInt(5)) + " colours.";
      };
    }
    return switch (rnd.nextInt(5)) {
      case 0 -> "I watched it with " + pick(rnd, PEOPLE) + " on a " + pick(rnd, DAYS) + " evening.";
      case 1 -> "It runs about " + (80 + rnd.nextInt(80)) + " minutes.";
      case 2 -> "The story takes place in " + pick(rnd, PLACES) + ".";
      case 3 -> "It was released in " + (1950 + rnd.nextInt(75)) + ".";
      default -> pick(rnd, NAMES) + " meets " + pick(rnd, NAMES) + " in " + pick(rnd, PLACES) + ".";
    };
  }

  private static String pick(SplittableRandom rnd, String[] words) {
    return words[rnd.nextInt(words.length)];
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17
    double u = 1.0 - rnd.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
