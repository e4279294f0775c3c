package io.hagicode.imagemirror.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The GitHub workflows cannot run on the project's build machines, so this checks what can be checked here: that they
 * agree with the scripts, the test classes, the Maven profiles and the install manifests they name. CI runs the
 * README's test command; the e2e job builds the image tar and hands that same image to K3sEndToEndTest; a release
 * pushes the image that deploy/ and the pom name, and attaches what users apply.
 */
class WorkflowsTest {
    private static final String E2E_SOURCES = "operator/app/src/test/java/io/hagicode/imagemirror/app/operator/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String JIB_TAR = "operator/app/target/jib-image.tar";
    private static final String JIB_DIGEST = "operator/app/target/jib-image.digest";

    private static Path root;
    private static Element pom;

    @BeforeAll
    static void read() throws Exception {
        root = RepoRoot.find();
        pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root.resolve("operator/app/pom.xml").toFile()).getDocumentElement();
    }

    @Test
    void ciRunsDotCiRunWhichRunsTheReadmesTestCommand() throws Exception {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(Yaml.map(ci, "on")).containsKeys("push", "pull_request", "workflow_call");
        Map<String, Object> job = onlyJob(ci);
        assertThat(Yaml.str(job, "env", "CI")).as("ci.yml sets CI, so a missing program fails a test")
                .isEqualTo("true");
        assertThat(commands(job)).contains(List.of("bash", ".ci/run"));

        String testCommand = readmeTestCommand();
        assertThat(scriptLines(root.resolve(".ci/run"))).as(".ci/run runs the README's test command")
                .contains(testCommand);
        assertThat(testCommand).isEqualTo("./test.sh");
        assertThat(Files.isExecutable(root.resolve("test.sh"))).as("test.sh is executable, as the README runs it")
                .isTrue();
        assertThat(scriptLines(root.resolve("test.sh"))).anySatisfy(line -> assertThat(words(line))
                .startsWith("mvn", "-B", "-Pjib-tar", "verify"));
    }

    @Test
    void theJibProfilesBindTheirGoalToPackageInTheAppModuleOnly() {
        assertThat(profileGoal("jib-tar")).isEqualTo("package:buildTar");
        assertThat(profileGoal("jib-push")).isEqualTo("package:build");
    }

    @Test
    void e2eBuildsTheImageTarAndHandsTheSameImageToTheK3sTest() throws Exception {
        Map<String, Object> e2e = workflow("e2e.yml");
        Map<String, Object> job = onlyJob(e2e);
        List<List<String>> commands = commands(job);

        int build = indexOf(commands, c -> c.contains("-Pjib-tar"));
        int test = indexOf(commands, c -> c.contains("-Dtest=K3sEndToEndTest"));
        assertThat(build).as("a step builds the image tar (-Pjib-tar)").isNotNegative();
        assertThat(test).as("a step runs K3sEndToEndTest").isGreaterThan(build);
        List<String> buildTar = commands.get(build);
        List<String> runTest = commands.get(test);

        assertThat(buildTar).startsWith("mvn", "-B", "-pl", "operator/app", "-am", "-Pjib-tar", "package")
                .contains("-DskipTests");
        assertThat(runTest).startsWith("mvn", "-B", "-pl", "operator/app", "-am", "test")
                .contains("-Dsurefire.failIfNoSpecifiedTests=false", "-Dimagemirror.e2e.required=true",
                        "-Dimagemirror.e2e.imageTar=" + JIB_TAR);
        String image = property(buildTar, "image").orElseThrow(() -> new AssertionError("-Dimage= in " + buildTar));
        assertThat(property(runTest, "imagemirror.e2e.image")).as("the image the test loads is the one built")
                .contains(image);
        assertThat(Class.forName("io.hagicode.imagemirror.app.operator.K3sEndToEndTest")).isNotNull();

        List<String> pulled = commands.stream().filter(c -> c.size() == 3 && c.get(0).equals("docker")
                && c.get(1).equals("pull")).map(c -> c.get(2)).toList();
        // The images the e2e test starts or imports are declared in K3sCluster and ClusterRegistries.
        String e2eSources = Files.readString(root.resolve(E2E_SOURCES + "K3sCluster.java"))
                + Files.readString(root.resolve(E2E_SOURCES + "ClusterRegistries.java"));
        assertThat(pulled).anySatisfy(p -> assertThat(p).startsWith("rancher/k3s:"));
        assertThat(pulled).allSatisfy(p -> assertThat(e2eSources).as("the e2e test uses the pre-pulled " + p)
                .contains("\"" + p + "\""));
        assertThat(pulled).contains("registry:2");
    }

    @Test
    void releaseRunsOnVersionTagsAfterTheTests() throws Exception {
        Map<String, Object> release = workflow("release.yml");
        assertThat(Yaml.map(release, "on")).containsOnlyKeys("push");
        assertThat(Yaml.map(release, "on", "push")).containsOnlyKeys("tags");
        assertThat(Yaml.list(release, "on", "push", "tags")).containsExactly("v*");

        Map<String, Object> jobs = Yaml.map(release, "jobs");
        assertThat(Yaml.str(jobs, "test", "uses")).isEqualTo("./.github/workflows/ci.yml");
        assertThat(Yaml.str(jobs, "e2e", "uses")).isEqualTo("./.github/workflows/e2e.yml");
        assertThat(Yaml.list(jobs, "publish", "needs")).containsExactlyInAnyOrder("test", "e2e");
        assertThat(Yaml.map(workflow("ci.yml"), "on")).containsKey("workflow_call");
        assertThat(Yaml.map(workflow("e2e.yml"), "on")).containsKey("workflow_call");
    }

    @Test
    void releasePushesTheImageThatDeployAndThePomName() throws Exception {
        Map<String, Object> release = workflow("release.yml");
        String image = Yaml.str(release, "env", "IMAGE");

        assertThat(image).isEqualTo(DefaultInstallTest.IMAGE_REPOSITORY);
        Map<String, Object> kustomization = yamlFile("deploy/base/kustomization.yaml");
        assertThat(Yaml.list(kustomization, "images")).singleElement()
                .satisfies(i -> assertThat(Yaml.str(i, "name")).isEqualTo(image));
        Map<String, Object> deployment = yamlFile("deploy/base/deployment.yaml");
        assertThat(Yaml.str(OperatorDeployment.container(deployment), "image")).isEqualTo(image);
        String jibTo = text(child(child(jibPlugin(child(pom, "build")), "configuration"), "to"), "image");
        assertThat(jibTo).isEqualTo(image + ":${project.version}");

        List<List<String>> commands = commands(Yaml.map(release, "jobs", "publish"));
        List<String> push = commands.stream().filter(c -> c.contains("-Pjib-push")).findFirst()
                .orElseThrow(() -> new AssertionError("no step runs -Pjib-push"));
        assertThat(push).startsWith("mvn", "-B", "-pl", "operator/app", "-am", "-Pjib-push", "package");
        assertThat(property(push, "image")).hasValueSatisfying(v -> assertThat(v).startsWith("${IMAGE}:"));
        assertThat(property(push, "jib.from.platforms")).as("the push keeps the pom's two platforms").isEmpty();
        assertThat(platforms(child(jibPlugin(child(pom, "build")), "configuration")))
                .containsExactly("linux/amd64", "linux/arm64");
    }

    @Test
    void releaseAttachesInstallYamlPinnedByTheDigestJibWroteAndTheCrd() throws Exception {
        String publish = String.join("\n", runScripts(Yaml.map(workflow("release.yml"), "jobs", "publish")));

        assertThat(publish).contains("cat " + JIB_DIGEST);
        assertThat(publish).contains("pinned=${IMAGE}@${digest}");
        assertThat(publish).contains("deploy/render-install.sh \"${{ steps.image.outputs.pinned }}\" > install.yaml");
        assertThat(Files.isExecutable(root.resolve("deploy/render-install.sh"))).isTrue();
        Matcher upload = Pattern.compile("gh release upload \"\\$GITHUB_REF_NAME\" (.+) --clobber").matcher(publish);
        assertThat(upload.find()).as("a gh release upload step").isTrue();
        List<String> files = words(upload.group(1));
        assertThat(files).containsExactlyInAnyOrder("install.yaml", "crds/imagemirrors.mirror.hagicode.io.yaml",
                "dist/imagemirror-*.tgz");
        assertThat(root.resolve("crds/imagemirrors.mirror.hagicode.io.yaml")).isRegularFile();
    }

    @Test
    void releasePushesTheChartPinnedToTheSameDigestAndAttachesItsPackage() throws Exception {
        Map<String, Object> publishJob = Yaml.map(workflow("release.yml"), "jobs", "publish");
        String publish = String.join("\n", runScripts(publishJob));

        assertThat(publish).contains("echo \"digest=${digest}\" >> \"$GITHUB_OUTPUT\"");
        assertThat(publish).contains(
                "charts/publish.sh \"${{ steps.version.outputs.version }}\" \"${{ steps.image.outputs.digest }}\"");
        assertThat(Files.isExecutable(root.resolve("charts/publish.sh"))).isTrue();
        // publish.sh leaves the package in OUT_DIR, named by Helm as NAME-VERSION.tgz: the upload names that file.
        assertThat(publish).contains("--password-stdin");
        assertThat(Yaml.list(publishJob, "steps").stream().map(Yaml::map)
                .filter(step -> String.valueOf(step.get("run")).contains("charts/publish.sh"))
                .map(step -> Yaml.str(step, "env", "OUT_DIR"))).containsExactly("dist");
    }

    // --- reading the files ---------------------------------------------------------------------------------------

    private static Map<String, Object> workflow(String file) throws Exception {
        return yamlFile(".github/workflows/" + file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlFile(String path) throws Exception {
        return YAML.readValue(root.resolve(path).toFile(), Map.class);
    }

    private static Map<String, Object> onlyJob(Map<String, Object> workflow) {
        Map<String, Object> jobs = Yaml.map(workflow, "jobs");
        assertThat(jobs).hasSize(1);
        Map<String, Object> job = Yaml.map(jobs.values().iterator().next());
        assertThat(Yaml.str(job, "runs-on")).startsWith("ubuntu-");
        return job;
    }

    private static List<String> runScripts(Map<String, Object> job) {
        return Yaml.list(job, "steps").stream().map(s -> Yaml.str(s, "run")).filter(r -> r != null).toList();
    }

    /** Every command line of the job's run steps, as words (continuation lines joined). */
    private static List<List<String>> commands(Map<String, Object> job) {
        return runScripts(job).stream().flatMap(r -> Arrays.stream(r.replace("\\\n", " ").split("\n")))
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(WorkflowsTest::words).toList();
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.strip().split("\\s+")).toList();
    }

    private static Optional<String> property(List<String> command, String name) {
        return command.stream().filter(w -> w.startsWith("-D" + name + "=")).map(w -> w.substring(name.length() + 3))
                .findFirst();
    }

    private static int indexOf(List<List<String>> commands, Predicate<List<String>> which) {
        for (int i = 0; i < commands.size(); i++) {
            if (which.test(commands.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> scriptLines(Path script) throws Exception {
        return Files.readAllLines(script).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
    }

    /** The command on the README's "tests" line, in the code block its first lines give. */
    private static String readmeTestCommand() throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("README.md"));
        int open = lines.indexOf("```bash");
        assertThat(open).as("a ```bash block in README.md").isBetween(0, 5);
        List<String> block = new ArrayList<>();
        for (String line : lines.subList(open + 1, lines.size())) {
            if (line.equals("```")) {
                break;
            }
            block.add(line);
        }
        return block.stream().filter(l -> l.matches("[^#]+#\\s*tests\\b.*"))
                .map(l -> l.substring(0, l.indexOf('#')).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no '# tests' line in README's first block: " + block));
    }

    private static String profileGoal(String id) {
        Element profile = children(child(pom, "profiles"), "profile").filter(p -> id.equals(text(p, "id")))
                .findFirst().orElseThrow(() -> new AssertionError("no profile " + id + " in operator/app/pom.xml"));
        List<Element> executions = children(child(jibPlugin(child(profile, "build")), "executions"), "execution")
                .toList();
        assertThat(executions).as("executions of Jib in profile " + id).hasSize(1);
        Element execution = executions.get(0);
        List<String> goals = children(child(execution, "goals"), "goal").map(Node::getTextContent).toList();
        assertThat(goals).as("goals of profile " + id).hasSize(1);
        return text(execution, "phase") + ":" + goals.get(0);
    }

    private static Element jibPlugin(Element build) {
        return children(child(build, "plugins"), "plugin")
                .filter(p -> "jib-maven-plugin".equals(text(p, "artifactId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no jib-maven-plugin under <"
                        + build.getParentNode().getNodeName() + ">"));
    }

    private static List<String> platforms(Element configuration) {
        return children(child(child(configuration, "from"), "platforms"), "platform")
                .map(p -> text(p, "os") + "/" + text(p, "architecture")).toList();
    }

    private static Stream<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found.stream();
    }

    private static Element child(Element parent, String name) {
        return children(parent, name).findFirst()
                .orElseThrow(() -> new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">"));
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
