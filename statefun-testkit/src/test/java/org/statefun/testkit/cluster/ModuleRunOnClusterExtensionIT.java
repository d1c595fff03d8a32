package org.statefun.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inside a test class with a MiniClusterExtension, a run uses that cluster. */
class ModuleRunOnClusterExtensionIT {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void runsOnTheExtensionsClusterThroughAFailure(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    ModuleRunResult result =
        ModuleRun.of(ModuleRunIT.JAVA_MODULE)
            .input(ModuleRunIT.WORDS, ModuleRunIT.INPUT)
            .failAfter(5)
            .run();
    assertThat(result.failureInjected()).isTrue();
    assertThat(result.records(WordCounter.COUNTS))
        .containsExactlyInAnyOrderElementsOf(ModuleRunIT.expectedCounts(ModuleRunIT.INPUT));
    assertThat(result.records(WordCounter.Total.TOTALS))
        .containsExactlyInAnyOrderElementsOf(ModuleRunIT.expectedTotals(ModuleRunIT.INPUT.size()));
    assertThat(cluster.listJobs().get())
        .extracting(JobStatusMessage::getJobName)
        .containsExactly("statefun ModuleRun");
  }
}
