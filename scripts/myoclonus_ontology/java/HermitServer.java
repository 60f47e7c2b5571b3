// HermiT's command line (owlready2's build of it), kept running between rebuilds of `myo build --watch`.
// Run from source: java -cp <owlready2's HermiT class path> HermitServer.java
// It prints "ready", then answers requests, one per line on standard input: the command line's arguments,
// separated by tabs. Each answer is a header line "hermit-answer <exit status> <length in bytes>" and then
// exactly that many bytes: what the command line printed on its standard output and error, as a fresh JVM
// would print them (an uncaught exception's stack trace, status 1). An Error (out of memory, ...) is answered
// with status 70, and the program ends: that request is for a fresh JVM. End of input ends the program.
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class HermitServer {
    public static void main(String[] ignored) throws Exception {
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answers.print("ready\n");
        answers.flush();
        String line;
        while ((line = nextRequest(requests)) != null) {
            String[] argv = line.isEmpty() ? new String[0] : line.split("\t", -1);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream printed = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(printed);
            System.setErr(printed);
            int status = 0;
            boolean fatal = false;
            try {
                org.semanticweb.HermiT.cli.CommandLine.main(argv);
            } catch (Exception error) {  // as a fresh JVM reports an uncaught exception (an inconsistent ontology)
                printed.print("Exception in thread \"main\" ");
                error.printStackTrace(printed);
                status = 1;
            } catch (Throwable error) {  // an Error (out of memory, ...): answered, then this JVM ends
                error.printStackTrace(printed);
                status = 70;
                fatal = true;
            }
            printed.flush();
            byte[] bytes = captured.toByteArray();
            answers.print("hermit-answer " + status + " " + bytes.length + "\n");
            answers.write(bytes);
            answers.flush();
            if (fatal) {
                return;
            }
            collected = false;
        }
    }

    private static boolean collected = true;

    // The next request line. Once the requests have paused for a while (the build that asked is done with its
    // processors), the heap is collected and given back (the free-ratio flags), once per answer.
    private static String nextRequest(BufferedReader requests) throws Exception {
        long quietSince = System.nanoTime();
        while (!collected && !requests.ready()) {
            if (System.nanoTime() - quietSince > 2_000_000_000L) {
                System.gc();
                collected = true;
            } else {
                Thread.sleep(20);
            }
        }
        return requests.readLine();
    }
}
