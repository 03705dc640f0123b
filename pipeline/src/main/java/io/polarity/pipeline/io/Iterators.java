package io.polarity.pipeline.io;

import java.util.Iterator;
import java.util.function.Function;

/** Lazy iterator helpers for {@code mapPartitions}: a partition is never held in memory whole. */
public final class Iterators {
  private Iterators() {}

  /** Applies {@code f} to each element as it is pulled. */
  public static <A, B> Iterator<B> map(Iterator<A> rows, Function<? super A, ? extends B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public B next() {
        return f.apply(rows.next());
      }
    };
  }
}
