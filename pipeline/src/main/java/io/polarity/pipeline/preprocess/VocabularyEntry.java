package io.polarity.pipeline.preprocess;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A row of the vocabulary's {@code terms/} table: the id, the term (n-grams joined by a space), its
 * order n, its document frequency in the train split and, per label (in the order of the
 * vocabulary's labels), the number of train documents of that label containing it.
 */
public class VocabularyEntry implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final Encoder<VocabularyEntry> ENCODER = Encoders.bean(VocabularyEntry.class);

  private int id;
  private String term;
  private int n;
  private long docFreq;
  private long[] classDocFreq;

  public VocabularyEntry() {}

  public VocabularyEntry(int id, String term, int n, long docFreq, long[] classDocFreq) {
    this.id = id;
    this.term = term;
    this.n = n;
    this.docFreq = docFreq;
    this.classDocFreq = classDocFreq;
  }

  public int getId() {
    return id;
  }

  public void setId(int id) {
    this.id = id;
  }

  public String getTerm() {
    return term;
  }

  public void setTerm(String term) {
    this.term = term;
  }

  public int getN() {
    return n;
  }

  public void setN(int n) {
    this.n = n;
  }

  public long getDocFreq() {
    return docFreq;
  }

  public void setDocFreq(long docFreq) {
    this.docFreq = docFreq;
  }

  public long[] getClassDocFreq() {
    return classDocFreq;
  }

  public void setClassDocFreq(long[] classDocFreq) {
    this.classDocFreq = classDocFreq;
  }
}
