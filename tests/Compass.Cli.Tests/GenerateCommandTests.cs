using Compass.Kserve.Validation;

namespace Compass.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private const string Description = "customer service chatbot for 5000 users, low latency";
    private readonly string _root = Directory.CreateTempSubdirectory("compass-generate-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Generate_FromSavedPlanJson_WritesValidManifests()
    {
        var planFile = await SavePlanAsync();
        var output = Path.Combine(_root, "manifests");

        var run = await CliRun.RunAsync("generate", "--plan", planFile, "--out", output, "--namespace", "llm");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("validated", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k", run.Stdout, StringComparison.Ordinal);
        var files = Directory.GetFiles(output, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(7, files.Length);
        Assert.Contains("kustomization.yaml", files);
        Assert.Contains("## VllmTtftSloCritical", await File.ReadAllTextAsync(Path.Combine(output, "runbook.md")), StringComparison.Ordinal);
        var validator = new ManifestValidator();
        foreach (var file in Directory.GetFiles(output, "0*.yaml"))
        {
            var result = validator.Validate(await File.ReadAllTextAsync(file), file);
            Assert.True(result.IsValid, result.ToString());
            Assert.Contains("namespace: llm", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Generate_WithoutOut_PrintsTheYaml_ForTheChosenRank()
    {
        var planFile = await SavePlanAsync("--top", "2");
        var second = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(planFile))!["recommendations"]![1]!["rank"]!.GetValue<int>();

        var run = await CliRun.RunAsync("generate", "--plan", planFile, "--rank", second.ToString(System.Globalization.CultureInfo.InvariantCulture), "--simulator");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind: InferenceService", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/compass/simulator", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithOut_WritesManifestsForTheFirstRecommendation()
    {
        var output = Path.Combine(_root, "from-plan");

        var run = await CliRun.RunAsync("plan", Description, "--out", output, "--top", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Manifests for #1", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "01-inferenceservice.yaml")));
    }

    [Fact]
    public async Task Generate_BadPlanFile_IsOneLineError()
    {
        var bad = Path.Combine(_root, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"hello\": 1}");

        var line = (await CliRun.RunAsync("generate", "--plan", bad)).AssertOneLineError();

        Assert.Contains("schemaVersion", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_MissingPlanFile_IsOneLineError()
    {
        var line = (await CliRun.RunAsync("generate", "--plan", Path.Combine(_root, "nope.json"))).AssertOneLineError();

        Assert.Contains("Cannot read --plan", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_UnknownRank_IsOneLineError()
    {
        var planFile = await SavePlanAsync("--top", "1");

        var line = (await CliRun.RunAsync("generate", "--plan", planFile, "--rank", "7")).AssertOneLineError();

        Assert.Contains("--rank 7", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_IntoAFolderCompassDidNotWrite_IsRefused_EvenWithForce()
    {
        var planFile = await SavePlanAsync();
        var output = Path.Combine(_root, "mine");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine");

        foreach (var force in new[] { false, true })
        {
            var args = new List<string> { "generate", "--plan", planFile, "--out", output };
            if (force)
            {
                args.Add("--force");
            }

            var line = (await CliRun.RunAsync([.. args])).AssertOneLineError();
            Assert.Contains("keep.txt", line, StringComparison.Ordinal);
            Assert.Contains("Compass did not write", line, StringComparison.Ordinal);
        }

        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(output, "keep.txt")));
    }

    [Theory]
    [InlineData("--namespace", "Bad NS", "namespace")]
    [InlineData("--name", "x: {y}", "name")]
    [InlineData("--image", "vllm/vllm-openai:latest", "pinned")]
    public async Task Generate_BadOptions_AreOneLineErrors(string option, string value, string expected)
    {
        var planFile = await SavePlanAsync();

        var line = (await CliRun.RunAsync("generate", "--plan", planFile, option, value)).AssertOneLineError();

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private async Task<string> SavePlanAsync(params string[] extra)
    {
        var run = await CliRun.RunAsync(["plan", Description, "--json", .. extra]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var path = Path.Combine(_root, $"plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, run.Stdout);
        return path;
    }
}
