package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.statefun.testkit.FunctionHarness;
import org.statefun.testkit.Invocation;

/** The router as a plain object; the function in statefun-testkit's FunctionHarness, no Flink. */
class GreeterTest {

  @Test
  void routerSendsEachNameToTheGreeterOfThatName() {
    List<String> forwarded = new ArrayList<>();
    NamesRouter router = new NamesRouter();
    for (String line : List.of("Alice", "  Bob ", "", "# a comment")) {
      router.route(line, (to, message) -> forwarded.add(to + " <- " + message));
    }
    assertEquals(
        List.of("${artifactId}/greeter/Alice <- Alice", "${artifactId}/greeter/Bob <- Bob"),
        forwarded);
  }

  @Test
  void greeterCountsTheVisitsOfEachName() throws Exception {
    FunctionHarness greeter = FunctionHarness.of(new GreeterFn(), GreeterFn.TYPE);

    Invocation alice = greeter.invoke("Alice", "Alice"); // id, message
    Invocation bob = greeter.invoke("Bob", "Bob");
    Invocation aliceAgain = greeter.invoke("Alice", "Alice");

    assertEquals(List.of("Hello Alice, this is visit #1"), alice.egress(GreeterFn.GREETINGS));
    assertEquals(List.of("Hello Bob, this is visit #1"), bob.egress(GreeterFn.GREETINGS));
    assertEquals(List.of("Hello Alice, this is visit #2"), aliceAgain.egress(GreeterFn.GREETINGS));
    assertEquals(1, aliceAgain.egressRecords().size()); // no other egress record
    assertEquals(List.of(), aliceAgain.sent()); // and no message to a function
    assertEquals(2, greeter.state("Alice").value("visits"));
    assertEquals(1, greeter.state("Bob").value("visits"));
  }
}
