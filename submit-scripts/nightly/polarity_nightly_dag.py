"""Apache Airflow DAG: Polarity's nightly batch, one `polarity nightly` run a night.

Copy this file into the scheduler's dags/ folder. It needs the Apache Spark provider
(apache-airflow-providers-apache-spark) and a Spark connection (`spark_default`, or the one named
by POLARITY_SPARK_CONN) whose host is the cluster's master (yarn, spark://host:7077, k8s://...).
The Airflow worker runs spark-submit in client mode, so it needs POLARITY_HOME: a checkout with
the application jar of the cluster's Spark line built (jobs/target/polarity-app-spark4.jar by
`mvn -DskipTests package` for Spark 4; polarity-app-spark3.5.jar by `mvn -Pspark-3.5 -DskipTests
package` for Spark 3.5; POLARITY_SPARK_LINE says which) and the configuration in conf/.

Scheduling guarantees, as README "The nightly batch" explains:
- one active run (max_active_runs=1) and no backfill of missed nights (catchup=False); the
  warehouse lock (nightly.concurrency) still guards against runs started by hand or by cron;
- the run id is the night's date, so a retry of a failed night continues from the failed stage
  (training from its last checkpoint) instead of starting again;
- bounded retries: exit status 1 (a stage failed) is worth retrying; 3 (another run holds the lock)
  and 4 (the new model failed a quality floor) make the task fail too, and a retry of them costs
  seconds, since every stage that already ran is skipped.
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

POLARITY_HOME = os.environ.get("POLARITY_HOME", "/opt/polarity")
# the cluster's Spark line: spark4 (Spark 4.x) or spark3.5
SPARK_LINE = os.environ.get("POLARITY_SPARK_LINE", "spark4")
POLARITY_CONF = os.environ.get("POLARITY_NIGHTLY_CONF", POLARITY_HOME + "/conf/nightly.conf")

with DAG(
    dag_id="polarity_nightly",
    description="Ingest new reviews, train, evaluate, promote the better model, score",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={
        "owner": "polarity",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "execution_timeout": timedelta(hours=6),
    },
    tags=["polarity", "spark"],
) as dag:
    SparkSubmitOperator(
        task_id="nightly",
        conn_id=os.environ.get("POLARITY_SPARK_CONN", "spark_default"),
        application=POLARITY_HOME + "/jobs/target/polarity-app-" + SPARK_LINE + ".jar",
        java_class="io.polarity.jobs.Polarity",
        name="polarity-nightly",
        application_args=[
            "nightly",
            "--conf",
            POLARITY_CONF,
            "--run-id",
            "nightly-{{ ds_nodash }}",
        ],
        conf={
            "spark.driver.extraJavaOptions": "-Dlog4j2.configurationFile=file:"
            + POLARITY_HOME
            + "/conf/log4j2.properties",
        },
        driver_memory="4g",
        verbose=False,
    )
