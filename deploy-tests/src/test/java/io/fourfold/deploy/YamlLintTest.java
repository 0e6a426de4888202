package io.fourfold.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deployment YAML is clean by the repository's .yamllint.yaml (indentation, duplicates, truthy values). */
class YamlLintTest {

    @Test
    void deploymentYamlIsLintClean() {
        ExternalProgram.Result result = ExternalProgram.YAMLLINT.run(Repository.root(),
                "--strict", "-c", ".yamllint.yaml", "docker-compose.yml", "deploy", "k8s", ".yamllint.yaml");
        assertThat(result.exitCode()).as("yamllint:%n%s", result.output()).isZero();
    }
}
