using System.Text.Json;
using Compass.Postgres.Tests;

namespace Compass.Cli.Tests;

/// <summary>The <c>db</c> commands and <c>--kb</c> against a real PostgreSQL.</summary>
public sealed class DatabaseCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("compass-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Db_WithoutADatabase_SaysHowToGiveOne()
    {
        var run = await CliRun.RunAsync("db", "init");

        var line = run.AssertOneLineError();
        Assert.Contains("--kb postgres://", line, StringComparison.Ordinal);
        Assert.Contains("COMPASS_KB", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithAnUnreachableDatabase_FailsAndNeverFallsBackToTheEmbeddedData()
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 500 users", "--kb", "postgres://compass:hunter2@127.0.0.1:1/compass");

        var line = run.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("127.0.0.1:1/compass", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [PostgresFact]
    public async Task Plan_FromAnEmptyDatabase_SaysToRunDbInit()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();

        var run = await CliRun.RunAsync("plan", "chatbot for 500 users", "--kb", kb);

        var line = run.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("compass db init", line, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Init_ThenPlan_GivesTheSamePlanAsTheEmbeddedData_AndInitAgainAddsNothing()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();

        var init = await CliRun.RunAsync("db", "init", "--kb", kb);
        var again = await CliRun.RunAsync("db", "init", "--kb", kb);
        var fromDatabase = await CliRun.RunAsync("plan", "chatbot for 2000 users, low latency", "--json", "--top", "3", "--kb", kb);
        var embedded = await CliRun.RunAsync("plan", "chatbot for 2000 users, low latency", "--json", "--top", "3");

        Assert.Equal(ExitCodes.Success, init.ExitCode);
        Assert.Contains("Embedded data: added", init.Stdout, StringComparison.Ordinal);
        Assert.Contains("Benchmarks: ", init.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("up to date", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("already present", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("imported before", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, fromDatabase.ExitCode);
        Assert.Equal(Recommendations(embedded.Stdout), Recommendations(fromDatabase.Stdout));
    }

    [PostgresFact]
    public async Task Export_WritesFilesThatImportBack_AndNeverOverwritesWithoutForce()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("db", "init", "--kb", kb)).ExitCode);
        var folder = Path.Combine(_dir, "export");

        var first = await CliRun.RunAsync("db", "export", "--out", folder, "--kb", kb);
        var models = await File.ReadAllTextAsync(Path.Combine(folder, "models.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "models.json"), "mine");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "keep me");
        var refused = await CliRun.RunAsync("db", "export", "--out", folder, "--kb", kb);
        var untouched = await File.ReadAllTextAsync(Path.Combine(folder, "models.json"));
        var forced = await CliRun.RunAsync("db", "export", "--out", folder, "--force", "--kb", kb);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Contains("benchmarks.csv", first.Stdout, StringComparison.Ordinal);
        var line = refused.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("--force", line, StringComparison.Ordinal);
        Assert.Equal("mine", untouched);
        Assert.Equal(ExitCodes.Success, forced.ExitCode);
        Assert.Equal(models, await File.ReadAllTextAsync(Path.Combine(folder, "models.json")));
        Assert.Equal("keep me", await File.ReadAllTextAsync(Path.Combine(folder, "notes.txt")));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));

        // The exported benchmarks and prices import into a second knowledge base and plan the same.
        var second = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("db", "init", "--no-benchmarks", "--kb", second)).ExitCode);
        var import = await CliRun.RunAsync("db", "import", Path.Combine(folder, "benchmarks.csv"), Path.Combine(folder, "prices.csv"), "--kb", second);
        Assert.True(import.ExitCode == ExitCodes.Success, import.Stdout + import.Stderr);
        var reimport = await CliRun.RunAsync("db", "import", Path.Combine(folder, "benchmarks.csv"), "--kb", second);
        Assert.Contains("imported before", reimport.Stdout, StringComparison.Ordinal);
        var planFirst = await CliRun.RunAsync("plan", "code completion for 800 developers", "--json", "--top", "3", "--kb", kb);
        var planSecond = await CliRun.RunAsync("plan", "code completion for 800 developers", "--json", "--top", "3", "--kb", second);
        Assert.Equal(Recommendations(planFirst.Stdout), Recommendations(planSecond.Stdout));
    }

    [PostgresFact]
    public async Task Import_ABadFile_NamesFileRowAndField_AndWritesNothing()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("db", "init", "--no-benchmarks", "--kb", kb)).ExitCode);
        var file = Path.Combine(_dir, "prices.csv");
        await File.WriteAllTextAsync(file, "gpu,provider,instance_type,tier,usd_per_gpu_hour,effective_from,source\nH100,aws,p5.48xlarge,on-demand,3.9,2026-11-01,list\nH100,aws,p5.48xlarge,spot,cheap,2026-11-01,list\n");

        var run = await CliRun.RunAsync("db", "import", file, "--kb", kb);
        var health = await CliRun.RunAsync("db", "export", "--out", Path.Combine(_dir, "after"), "--kb", kb);

        var line = run.AssertOneLineError(ExitCodes.Failure);
        Assert.Contains("prices.csv", line, StringComparison.Ordinal);
        Assert.Contains("usd_per_gpu_hour", line, StringComparison.Ordinal);
        Assert.Contains("3", line, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, health.ExitCode);
        Assert.DoesNotContain("p5.48xlarge", await File.ReadAllTextAsync(Path.Combine(_dir, "after", "prices.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingFile_AndUnknownFormat_AreClearErrors()
    {
        var missing = await CliRun.RunAsync("db", "import", Path.Combine(_dir, "nope.json"), "--kb", "postgres://u@127.0.0.1:1/x");
        var format = await CliRun.RunAsync("db", "import", "x.json", "--format", "parquet", "--kb", "postgres://u@127.0.0.1:1/x");

        Assert.Contains("does not exist", missing.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Contains("--format must be one of", format.AssertOneLineError(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanSave_WithoutADatabase_SaysToAddKb()
    {
        var run = await CliRun.RunAsync("plan", "chatbot for 500 users", "--save", "bot");

        Assert.Contains("--kb", run.AssertOneLineError(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [PostgresFact]
    public async Task PlanSave_KeepsThePlanAsPrinted_AndItsId()
    {
        var kb = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("db", "init", "--no-benchmarks", "--kb", kb)).ExitCode);

        var json = await CliRun.RunAsync("plan", "chatbot for 500 users", "--json", "--top", "2", "--save", "support-bot", "--kb", kb);
        var text = await CliRun.RunAsync("plan", "chatbot for 500 users", "--top", "2", "--save", "support-bot-2", "--kb", kb);

        Assert.Equal(ExitCodes.Success, json.ExitCode);
        var printed = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!.AsObject();
        var id = Guid.Parse(printed["savedPlanId"]!.GetValue<string>());
        await using var database = new Compass.Postgres.CompassDatabase(new Compass.Postgres.CompassPostgresOptions { ConnectionString = kb });
        var saved = await new Compass.Postgres.Feedback.PlanStore(database).GetAsync(id);
        Assert.NotNull(saved);
        Assert.Equal(("support-bot", "chatbot for 500 users"), (saved.Name, saved.Description));
        printed.Remove("savedPlanId");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(printed, System.Text.Json.Nodes.JsonNode.Parse(saved.PlanJson)), "the saved plan differs from the printed one");
        Assert.Matches("Saved as plan [0-9a-f-]{36} \\('support-bot-2'\\) in postgres://", text.Stdout);
        Assert.Equal(2, (await new Compass.Postgres.Feedback.PlanStore(database).ListAsync()).Count);
    }

    [PostgresFact]
    public async Task LibraryRemedies_AreToldAsThisCommandLinesFlagsAndCommands()
    {
        // The Postgres package names options and operations (ImportOptions.Gpu, KnowledgeAction.ImportBenchmarks, ...);
        // compass says them as its flags and commands.
        var kb = await PostgresServer.CreateDatabaseAsync();
        Assert.Equal(ExitCodes.Success, (await CliRun.RunAsync("db", "init", "--no-benchmarks", "--kb", kb)).ExitCode);
        var noGpu = Path.Combine(_dir, "no-gpu.csv");
        await File.WriteAllTextAsync(noGpu, "model,tensor_parallel,prompt_tokens,output_tokens,request_rate,achieved_rate,output_tokens_per_second,ttft_p95\nllama-3.1-8b,1,512,256,1,1,250,40\n");
        var report = Path.Combine(AppContext.BaseDirectory, "data", "guidellm-current.json");

        var missingGpu = await CliRun.RunAsync("db", "import", noGpu, "--kb", kb);
        var twoFiles = await CliRun.RunAsync("db", "import", noGpu, report, "--gpu", "H100", "--tp", "1", "--model", "no-such-model", "--kb", kb);
        var notes = await CliRun.RunAsync("db", "import", report, "--gpu", "H100", "--tp", "1", "--kb", kb);
        var health = await CliRun.RunAsync("db", "health", "--kb", kb);
        var calibrate = await CliRun.RunAsync("calibrate", "--gpu", "H100", "--kb", kb);

        Assert.Contains("Set the GPU in the import options (e.g. H100), or fill the field. (Pass --gpu.)", missingGpu.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
        Assert.Contains("(Pass --model.)", twoFiles.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, notes.ExitCode);
        Assert.Contains("recorded as vllm (set the engine in the import options otherwise). (Pass --engine.)", notes.Stdout, StringComparison.Ordinal);
        Assert.Contains("so that runs of different versions stay apart. (Pass --engine-version.)", notes.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Run: compass db import FILE --model Qwen/Qwen2.5-7B-Instruct --gpu GPU --tp N.)", health.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Run: compass validate --url URL --plan plan.json --kb <connection>; run: compass calibrate --gpu ", health.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Run: compass db import prices.csv.)", health.Stdout, StringComparison.Ordinal);
        Assert.Contains("(Run: compass validate --url URL --plan plan.json --kb <connection>.)", calibrate.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableDatabase_SaysToCheckTheFlagOrVariable()
    {
        var run = await CliRun.RunAsync("db", "health", "--kb", "postgres://u@127.0.0.1:1/x?connect_timeout=2");

        Assert.Contains("(Check --kb or COMPASS_KB.)", run.AssertOneLineError(ExitCodes.Failure), StringComparison.Ordinal);
    }

    private static string Recommendations(string planJson)
    {
        using var doc = JsonDocument.Parse(planJson);
        return string.Join("\n", doc.RootElement.GetProperty("recommendations").EnumerateArray().Select(r =>
            $"{r.GetProperty("model").GetString()} {r.GetProperty("quantization").GetString()} {r.GetProperty("gpu").GetString()} tp{r.GetProperty("tensorParallel").GetInt32()} x{r.GetProperty("replicas").GetInt32()} {r.GetProperty("predicted").GetRawText()}"));
    }
}
