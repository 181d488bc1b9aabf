import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

/**
 * Temporal's time-skipping test server, with one more option: {@code --start-at=<epoch ms>} starts
 * its clock at a fixed instant instead of the machine's time, so workflow tests see the same
 * calendar whatever day they run on. Otherwise it behaves as io.temporal.testserver.TestServer:
 * {@code <port> [--enable-time-skipping]}.
 */
public final class PinnedClockTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: PinnedClockTestServer <port> [--enable-time-skipping] [--start-at=<epoch ms>]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    long startAtMillis = 0; // 0: the machine's clock, as the stock server does
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--enable-time-skipping")) timeSkipping = true;
      else if (args[i].startsWith("--start-at=")) startAtMillis = Long.parseLong(args[i].substring("--start-at=".length()));
      else {
        System.err.println("Unknown option " + args[i]);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, startAtMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    // The SDK gives up on a server that is slow to start but leaves it running; end with our parent.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      services.close();
    }));
    server.awaitTermination();
  }
}
