using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Planning.Memory;

namespace Compass.Simulator.Tests;

/// <summary>The real server process refuses bad start-up input with one line on stderr and a documented exit code.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData(SimulatorExitCodes.CannotSimulate, "--model", "acme/no-such-model")]
    [InlineData(SimulatorExitCodes.CannotSimulate, "--gpu", "H1000")]
    [InlineData(SimulatorExitCodes.CannotSimulate, "--max-model-len", "500000")]
    [InlineData(SimulatorExitCodes.BadArguments, "--max-num-seqs", "-1")]
    [InlineData(SimulatorExitCodes.BadArguments, "--max-num-seqs", "0")]
    [InlineData(SimulatorExitCodes.BadArguments, "--max-model-len", "99999999999")]
    [InlineData(SimulatorExitCodes.BadArguments, "--port", "99999")]
    [InlineData(SimulatorExitCodes.BadArguments, "--port", "eighty")]
    [InlineData(SimulatorExitCodes.BadArguments, "--host", "example.invalid")]
    public async Task BadStartupInput_OneLineOnStderr_NamesTheFlag_DocumentedExitCode(int exitCode, string flag, string value)
    {
        var result = await ServerProcess.RunAsync([flag, value, "--port=0"]);
        AssertOneLineFailure(result, exitCode);
        Assert.Contains(flag, result.Error, StringComparison.Ordinal);
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownGpu_SuggestsTheClosestOne()
    {
        var result = await ServerProcess.RunAsync(["--gpu=H1000", "--port=0"]);
        AssertOneLineFailure(result, SimulatorExitCodes.CannotSimulate);
        Assert.Contains("Did you mean H100?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelThatDoesNotFit_SaysNeededAndUsableMemory_AndHowToFit()
    {
        var catalog = EmbeddedKnowledgeBase.Catalog;
        var model = catalog.ResolveModel("meta-llama/Llama-3.1-70B-Instruct").Spec;
        var gpu = catalog.GetGpu(GpuType.L4)!;
        var memory = MemoryModel.Compute(model, model.NativeFormat.Quantization, gpu, 1, 1, new ServingLimits());

        var result = await ServerProcess.RunAsync(["--model", model.Id.Value, "--gpu", "L4", "--port=0"]);

        AssertOneLineFailure(result, SimulatorExitCodes.CannotSimulate);
        Assert.Contains(memory.WeightsGiB.ToString("0.#", CultureInfo.InvariantCulture) + " GiB of weights", result.Error, StringComparison.Ordinal);
        Assert.Contains(memory.UsableGiB.ToString("0.#", CultureInfo.InvariantCulture) + " GiB is usable", result.Error, StringComparison.Ordinal);
        Assert.Contains("--tensor-parallel-size", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BusyPort_ExitsWithCannotListen()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await ServerProcess.RunAsync(["--model=llama-3.2-1b", "--port", port.ToString(CultureInfo.InvariantCulture)]);

        AssertOneLineFailure(result, SimulatorExitCodes.CannotListen);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), result.Error, StringComparison.Ordinal);
        Assert.Contains("in use", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadValueFromTheEnvironment_NamesTheVariable()
    {
        var result = await ServerProcess.RunAsync(["--port=0"], new Dictionary<string, string> { ["COMPASS_SIM_MAX_NUM_SEQS"] = "-5" });
        AssertOneLineFailure(result, SimulatorExitCodes.BadArguments);
        Assert.Contains("COMPASS_SIM_MAX_NUM_SEQS", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadValueInAppSettings_NamesTheKeyAndFile()
    {
        var settings = new Dictionary<string, string> { ["appsettings.json"] = """{ "CompassSimulator": { "MaxNumSeqs": 0, "Port": 0 } }""" };
        var result = await ServerProcess.RunAsync([], files: settings);
        AssertOneLineFailure(result, SimulatorExitCodes.BadArguments);
        Assert.Contains("CompassSimulator:MaxNumSeqs in appsettings.json must be an integer from 1 to 100000; got '0'.", result.Error, StringComparison.Ordinal);

        settings["appsettings.json"] = """{ "CompassSimulator": { "MaxNumSeqs": 8, "Model": "acme/no-such-model" } }""";
        result = await ServerProcess.RunAsync(["--port=0"], files: settings);
        AssertOneLineFailure(result, SimulatorExitCodes.CannotSimulate);
        Assert.Contains("CompassSimulator:Model in appsettings.json: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheFlagsAndExitCodes_AndExitsZero()
    {
        var result = await ServerProcess.RunAsync(["--help"]);
        Assert.Equal(SimulatorExitCodes.Success, result.ExitCode);
        foreach (var flag in new[] { "--host", "--api-key", "--max-connections", "--max-waiting-requests", "--enable-fault-header", "Exit codes" })
        {
            Assert.Contains(flag, result.Output, StringComparison.Ordinal);
        }
    }

    internal static void AssertOneLineFailure(ProcessResult result, int exitCode)
    {
        Assert.True(exitCode == result.ExitCode, $"exit {result.ExitCode}, expected {exitCode}; stderr: {result.Error}; stdout: {result.Output}");
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {result.Error}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error + result.Output, StringComparison.Ordinal);
        Assert.Empty(result.FilesWritten);
    }
}
