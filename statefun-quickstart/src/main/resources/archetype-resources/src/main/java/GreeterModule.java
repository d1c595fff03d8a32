package ${package};

import com.google.auto.service.AutoService;
import java.util.Map;
import org.statefun.sdk.spi.Binder;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Binds the greeter function. statefun finds this class in the module jar with ServiceLoader:
 * {@code @AutoService} (with its annotation processor, configured in pom.xml) writes
 * META-INF/services/org.statefun.sdk.spi.StatefulFunctionModule. The ingress, router and egress are
 * in module.yaml.
 */
@AutoService(StatefulFunctionModule.class)
public final class GreeterModule implements StatefulFunctionModule {

  @Override
  public void configure(Map<String, String> globalConfiguration, Binder binder) {
    binder.bindFunctionProvider(GreeterFn.TYPE, type -> new GreeterFn());
  }
}
