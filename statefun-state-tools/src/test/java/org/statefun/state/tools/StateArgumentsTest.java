package org.statefun.state.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateArgumentsTest {

  @Test
  void readsTheCommandThePathAndOptionsInBothForms() {
    StateArguments args =
        StateArguments.parse("inspect", "sp", "--modules", "m", "--type=a/b", "--id", "x");
    assertThat(args.command()).isEqualTo("inspect");
    assertThat(args.positional()).isEqualTo(Optional.of("sp"));
    assertThat(args.options()).isEqualTo(Map.of("modules", "m", "type", "a/b", "id", "x"));
    assertThat(args.help()).isFalse();
    assertThat(StateArguments.parse("bootstrap", "--input", "f", "-h").help()).isTrue();
  }

  @Test
  void badArgumentsAreOneLineWithExitCodeTwo() {
    assertUsage(new String[] {}, "a command is missing: inspect or bootstrap");
    assertUsage(new String[] {"dump"}, "unknown command 'dump': use inspect or bootstrap");
    assertUsage(
        new String[] {"inspect", "--input", "f"}, "unknown option --input for state inspect");
    assertUsage(new String[] {"bootstrap", "sp"}, "unexpected argument 'sp'");
    assertUsage(new String[] {"inspect", "a", "b"}, "unexpected argument 'b'");
    assertUsage(new String[] {"inspect", "--id"}, "option --id needs a value");
    assertUsage(new String[] {"inspect", "--id=a", "--id", "b"}, "option --id is given twice");
    assertThatThrownBy(() -> StateArguments.parse("bootstrap", "--input", "f").required("out"))
        .hasMessage("statefun state: state bootstrap needs --out (bin/statefun state --help)");
  }

  private static void assertUsage(String[] args, String problem) {
    assertThatThrownBy(() -> StateArguments.parse(args))
        .isInstanceOfSatisfying(
            StateToolException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessage("statefun state: " + problem + " (bin/statefun state --help)");
  }
}
