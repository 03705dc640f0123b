# Sourced by submit-scripts/polarity, the demo, the image build, the notebooks and bench/: which
# Spark line to run, and its build's files. Polarity builds two lines from one tree: spark4 (Spark
# 4.2, Scala 2.13; `mvn package`) and spark3.5 (Spark 3.5.9, Scala 2.12; `mvn -Pspark-3.5
# package`), each with its own application jar and runtime. POLARITY_SPARK_LINE chooses; unset,
# the line of $SPARK_HOME's Spark when SPARK_HOME is a Spark distribution, else the line built
# here (spark4 when both are).
#
# Sets: spark_line, spark_scala_version, spark_line_build (the command that builds the line),
# spark_line_app_jar and spark_line_home (the runtime `mvn package` assembles).
# Needs: polarity_root, the repository.

spark_line="${POLARITY_SPARK_LINE:-}"
if [ -z "$spark_line" ]; then
  if [ -n "${SPARK_HOME:-}" ] && compgen -G "$SPARK_HOME/jars/spark-core_2.12-*.jar" > /dev/null; then
    spark_line=spark3.5
  elif [ -n "${SPARK_HOME:-}" ] && compgen -G "$SPARK_HOME/jars/spark-core_2.13-*.jar" > /dev/null; then
    spark_line=spark4
  elif [ ! -f "$polarity_root/jobs/target/polarity-app-spark4.jar" ] \
    && [ -f "$polarity_root/jobs/target/polarity-app-spark3.5.jar" ]; then
    spark_line=spark3.5
  else
    spark_line=spark4
  fi
fi
case "$spark_line" in
  spark4)
    spark_scala_version=2.13
    spark_line_build="mvn -DskipTests package"
    ;;
  spark3.5)
    spark_scala_version=2.12
    spark_line_build="mvn -Pspark-3.5 -DskipTests package"
    ;;
  *)
    echo "polarity: POLARITY_SPARK_LINE must be spark4 or spark3.5, but is '$spark_line'" >&2
    exit 2
    ;;
esac
spark_line_app_jar="$polarity_root/jobs/target/polarity-app-$spark_line.jar"
spark_line_home="$polarity_root/spark-runtime/target/spark-home-$spark_line"
