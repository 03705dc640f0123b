# Sourced by the cluster templates (standalone, yarn, kubernetes): builds the Spark properties file
# a job is submitted with, and runs submit-scripts/polarity with it.
#
#   conf/cluster.conf                 authentication, encryption, UI access control
#   conf/gpu.conf                     when POLARITY_GPU=1
#   $POLARITY_SPARK_PROPERTIES        the site's own Spark properties file, if set (spark-submit
#                                     reads no spark-defaults.conf when given --properties-file)
#   spark.admin.acls / view.acls      from POLARITY_UI_ADMINS / POLARITY_UI_VIEWERS (comma lists)
#   spark.authenticate.secret         only where the template asks for it (standalone)
#
# The file is created owner-only in a private temporary directory and removed when the job ends.

polarity_home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

require_env() {
  local name="$1" example="$2"
  [ -n "${!name:-}" ] || die "$name is not set; e.g. export $name=$example"
}

# The shared secret from POLARITY_SPARK_SECRET_FILE (a file outside the repository, readable by
# its owner only) or POLARITY_SPARK_SECRET; printed to stdout.
read_secret() {
  if [ -n "${POLARITY_SPARK_SECRET_FILE:-}" ]; then
    [ -r "$POLARITY_SPARK_SECRET_FILE" ] \
      || die "POLARITY_SPARK_SECRET_FILE names no readable file: $POLARITY_SPARK_SECRET_FILE"
    case "$(cd "$(dirname "$POLARITY_SPARK_SECRET_FILE")" && pwd)/" in
      "$polarity_home"/*) die "keep the Spark secret outside the repository, not in $POLARITY_SPARK_SECRET_FILE" ;;
    esac
    local secret
    secret="$(tr -d '\r\n' < "$POLARITY_SPARK_SECRET_FILE")"
    [ -n "$secret" ] || die "the secret file $POLARITY_SPARK_SECRET_FILE is empty"
    printf '%s' "$secret"
  elif [ -n "${POLARITY_SPARK_SECRET:-}" ]; then
    printf '%s' "$POLARITY_SPARK_SECRET"
  else
    die "spark.authenticate is on: set POLARITY_SPARK_SECRET_FILE to a file holding the secret" \
      "the master and workers were started with (or POLARITY_SPARK_SECRET)"
  fi
}

# make_properties [with-secret]: writes the properties file; its path is in $properties.
make_properties() {
  private_dir="$(mktemp -d "${TMPDIR:-/tmp}/polarity-submit.XXXXXX")"
  trap 'rm -rf "$private_dir"' EXIT
  chmod 700 "$private_dir"
  local file="$private_dir/spark.properties"
  (
    umask 077
    cat "$polarity_home/conf/cluster.conf"
    if [ "${POLARITY_GPU:-0}" = 1 ]; then
      cat "$polarity_home/conf/gpu.conf"
    fi
    if [ -n "${POLARITY_SPARK_PROPERTIES:-}" ]; then
      [ -r "$POLARITY_SPARK_PROPERTIES" ] \
        || die "POLARITY_SPARK_PROPERTIES names no readable file: $POLARITY_SPARK_PROPERTIES"
      cat "$POLARITY_SPARK_PROPERTIES"
    fi
    local user="${USER:-$(id -un)}"
    echo "spark.admin.acls ${POLARITY_UI_ADMINS:-$user}"
    echo "spark.ui.view.acls ${POLARITY_UI_VIEWERS:-$user}"
    if [ "${1:-}" = with-secret ]; then
      echo "spark.authenticate.secret $(read_secret)"
    fi
  ) > "$file" || exit $?
  properties="$file"
}
