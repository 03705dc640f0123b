#!/usr/bin/env bash
# Scaling of the train job (see README, Performance): the conf/imdb.conf network on the IMDB
# features, trained by the Spark trainer with one and with two executor JVMs of one core each (a
# standalone master and two workers on 127.0.0.1, started here from the runtime the build
# assembles, each worker pinned to a core of its own where taskset is available), against the single-JVM fit of the same minibatches and against local[2] (two
# workers in the driver's JVM). ROUNDS alternating rounds; median and range per setting of the
# last epoch's examples/s, its fit time, the part of it an average worker spent computing (the
# rest is averaging, broadcasts, scheduling and reading minibatches), and the seconds to 0.90
# validation accuracy.
# Usage: bench/scale.sh [EPOCHS [ROUNDS]]   (defaults 2 and 3)
# Needs: mvn -DskipTests package, and ../shared/data/aclImdb_train.tar.gz (or ACLIMDB_TAR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
epochs="${1:-2}"
rounds="${2:-3}"
prepare_imdb_features

spark_home="$spark_line_home"
logs="$work/scale-logs"
mkdir -p "$logs"
port=$((20000 + RANDOM % 20000))
cluster_pids=()
stop_cluster() {
  for pid in "${cluster_pids[@]}"; do
    pkill -9 -P "$pid" 2> /dev/null || true
    kill -9 "$pid" 2> /dev/null || true
  done
}
trap stop_cluster EXIT
start_daemon() { # name, CPU list ("" for any), then the daemon's class and arguments
  local name="$1" cpus="$2"
  shift 2
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  ${pin[@]+"${pin[@]}"} env SPARK_HOME="$spark_home" SPARK_SCALA_VERSION="$spark_scala_version" SPARK_LOCAL_IP=127.0.0.1 \
    java -Xmx512m -cp "$spark_home/conf:$spark_home/jars/*" "$@" > "$logs/$name.log" 2>&1 &
  cluster_pids+=($!)
}
start_daemon master "" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port $((port + 1))
# "One core each" made true: each worker, and so its executor, is pinned to a core of its own, as
# YARN's or Kubernetes' CPU limits would confine it; unpinned, one executor's loader and garbage
# collector threads borrow the idle second core (see README, Performance).
cpus=("" "")
if command -v taskset > /dev/null; then
  # the first two CPUs this process may run on (a container's cpuset need not start at 0)
  allowed=()
  for range in $(taskset -cp $$ | sed 's/.*: //' | tr ',' ' '); do
    for cpu in $(seq "${range%-*}" "${range#*-}"); do allowed+=("$cpu"); done
  done
  if [ "${#allowed[@]}" -ge 2 ]; then
    cpus=("${allowed[0]}" "${allowed[1]}")
  fi
fi
for i in 1 2; do
  start_daemon "worker-$i" "${cpus[$((i - 1))]}" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 5g --webui-port $((port + 1 + i)) --work-dir "$work/scale-worker-$i" \
    "spark://127.0.0.1:$port"
done
alive=""
for _ in $(seq 60); do
  if curl -s "http://127.0.0.1:$((port + 1))/json/" | grep -q '"aliveworkers" *: *2'; then
    alive=yes
    break
  fi
  sleep 1
done
[ -n "$alive" ] || {
  echo "scale: the standalone master and two workers did not come up; see $logs" >&2
  exit 1
}

export POLARITY_MAIN_CLASS=io.polarity.bench.TrainBenchmark
bench_conf="$work/scale-bench.conf"
printf 'include file("%s")\ntrain.input = "%s"\n' "$root/conf/imdb.conf" "$imdb_features" \
  > "$bench_conf"
kryo=(--conf spark.serializer=org.apache.spark.serializer.KryoSerializer
  --conf spark.kryo.registrator=io.polarity.model.train.ArrayKryoRegistrator)
run() { # label, then "mode arguments" (one word), then polarity's arguments
  local label="$1" mode="$2"
  shift 2
  # shellcheck disable=SC2086 # the mode arguments are words
  POLARITY_DRIVER_MEMORY=6g submit-scripts/polarity "$@" "${kryo[@]}" \
    "$bench_conf" "$work" "$epochs" $mode > "$logs/$label.out" 2>&1 || {
    echo "scale: $label failed; see $logs/$label.out" >&2
    return 1
  }
  grep '^RESULT ' "$logs/$label.out" | tail -1 >> "$work/scale-results.txt"
}
settings=(single local2 executors1 executors2)
: > "$work/scale-results.txt"
for round in $(seq "$rounds"); do
  # alternate the order from round to round
  order=("${settings[@]:$(((round - 1) % 4))}" "${settings[@]:0:$(((round - 1) % 4))}")
  for s in "${order[@]}"; do
    echo "round $round: $s"
    case "$s" in
      single) run single single --master 'local[1]' ;;
      local2) run local2 "spark 2 local2" --master 'local[2]' ;;
      executors1) run executors1 "spark 1 executors1" --master "spark://127.0.0.1:$port" \
        --total-executor-cores 1 --executor-memory 4g ;;
      executors2) run executors2 "spark 2 executors2" --master "spark://127.0.0.1:$port" \
        --total-executor-cores 2 --executor-memory 4g ;;
    esac
  done
done

echo
echo "| setting | examples/s, median (range) | vs single JVM | vs 1 executor | fit s | worker computing s | s to 0.90 |"
echo "|---|---|---|---|---|---|---|"
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function range(list,   n, a, i, lo, hi) {
    n = split(list, a, " "); lo = a[1]; hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo + 0) lo = a[i]; if (a[i] + 0 > hi + 0) hi = a[i] }
    return lo "-" hi
  }
  { rate[$2] = rate[$2] " " $3; fit[$2] = fit[$2] " " $4; worker[$2] = worker[$2] " " $5; to90[$2] = to90[$2] " " $6 }
  END {
    single = median(rate["single"]); one = median(rate["executors1"])
    split("single local2 executors1 executors2", order, " ")
    for (k = 1; k <= 4; k++) {
      s = order[k]; m = median(rate[s])
      printf "| %s | %.0f (%s) | %.2fx | %s | %s | %s | %s |\n", s, m, range(rate[s]), m / single,
        (s ~ /executors/ ? sprintf("%.2fx", m / one) : "-"),
        (s == "single" ? "-" : median(fit[s])), (s == "single" ? "-" : median(worker[s])),
        (s == "single" ? "-" : median(to90[s]))
    }
  }' "$work/scale-results.txt"
