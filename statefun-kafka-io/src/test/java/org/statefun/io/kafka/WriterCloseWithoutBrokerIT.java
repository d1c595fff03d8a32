package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.JobInfoImpl;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.flink.util.function.ThrowingRunnable;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.statefun.io.kafka.testing.KafkaBroker;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * Closing an exactly-once egress writer whose brokers are gone, as Flink does in a failing task's
 * clean-up: the connector's own writer fails (its abort of the open transaction times out), which
 * Flink 2.2 treats as fatal for the whole TaskManager; the egress's writer ({@link
 * AbortTolerantWriter}) logs it and returns. Real writers on a real broker, stopped mid-test.
 */
class WriterCloseWithoutBrokerIT {

  static final EgressIdentifier<Object> OUT = new EgressIdentifier<>(Object.class, "wc", "out");

  @Test
  void closingAWriterWithAnOpenTransactionAfterTheBrokerIsGoneDoesNotFail() throws Exception {
    KafkaBroker broker = new KafkaBroker();
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    boolean stopped = false;
    try {
      broker.beforeAll(null);
      broker.createTopics(1, "wc-out");
      @SuppressWarnings("unchecked")
      KafkaEgressSink<Object> sink =
          (KafkaEgressSink<Object>)
              KafkaEgressSpec.builder(OUT)
                  .bootstrapServers(broker.bootstrapServers())
                  .topic("wc-out")
                  // How long the abort waits for the brokers before it fails (60 s by default).
                  .property("max.block.ms", "1000")
                  .build()
                  .toSinkEgressSpec()
                  .sink();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.enableCheckpointing(1000);
      sink.addPreWriteTopology(env.fromData("x")); // checkpointing: exactly-once
      JobInfo job = new JobInfoImpl(new JobID(), "wc");
      SinkWriter<Object> tolerant = sink.createWriter(new Init(job, 0, timers));
      SinkWriter<Object> connectors =
          ((AbortTolerantWriter<Object>) sink.createWriter(new Init(job, 1, timers))).delegate();
      tolerant.write("a", NO_TIME);
      connectors.write("b", NO_TIME);
      tolerant.flush(false);
      connectors.flush(false); // both transactions now hold a record on the broker

      broker.afterAll(null);
      stopped = true;

      // Negative control: what the task's clean-up got from the connector's writer.
      assertThatThrownBy(connectors::close)
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("EndTxn");
      tolerant.close();
    } finally {
      if (!stopped) {
        broker.afterAll(null);
      }
      timers.shutdownNow();
    }
  }

  private static final SinkWriter.Context NO_TIME =
      new SinkWriter.Context() {
        @Override
        public long currentWatermark() {
          return Long.MIN_VALUE;
        }

        @Override
        public Long timestamp() {
          return null;
        }
      };

  /**
   * What a sink writer operator gives its writer, for subtask {@code index} of 2: mails run at once
   * (the test has no task thread), processing-time timers (the connector's metric updates) on a
   * real scheduler.
   */
  private record Init(JobInfo job, int index, ScheduledExecutorService timers)
      implements WriterInitContext {

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
      return new MailboxExecutor() {
        @Override
        public void execute(
            MailOptions options,
            ThrowingRunnable<? extends Exception> command,
            String description,
            Object... arguments) {
          try {
            command.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void yield() {}

        @Override
        public boolean tryYield() {
          return false;
        }

        @Override
        public boolean shouldInterrupt() {
          return false;
        }
      };
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
      return new ProcessingTimeService() {
        @Override
        public long getCurrentProcessingTime() {
          return System.currentTimeMillis();
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
          return timers.schedule(
              () -> {
                callback.onProcessingTime(timestamp);
                return null;
              },
              Math.max(0, timestamp - System.currentTimeMillis()),
              TimeUnit.MILLISECONDS);
        }
      };
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSinkWriterMetricGroup();
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
      return new SerializationSchema.InitializationContext() {
        @Override
        public MetricGroup getMetricGroup() {
          return metricGroup();
        }

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
          return Init.this.getUserCodeClassLoader();
        }
      };
    }

    @Override
    public boolean isObjectReuseEnabled() {
      return false;
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
      throw new UnsupportedOperationException("the Kafka writer does not copy its input");
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
      return OptionalLong.empty();
    }

    @Override
    public JobInfo getJobInfo() {
      return job;
    }

    @Override
    public TaskInfo getTaskInfo() {
      return new TaskInfoImpl("egress wc/out: Writer", 128, index, 2, 0);
    }
  }
}
