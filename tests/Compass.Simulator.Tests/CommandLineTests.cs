using Compass.Core;

namespace Compass.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Apply_ReadsTheFlagsKserveSimulatorModePasses()
    {
        var options = new CompassSimulatorOptions();
        var host = SimulatorCommandLine.Apply(options,
        [
            "--model=Qwen/Qwen2.5-7B-Instruct", "--gpu=L4", "--tensor-parallel-size=2", "--quantization=fp8", "--kv-cache-dtype=fp8",
            "--max-model-len=8192", "--max-num-seqs=64", "--max-num-batched-tokens=4096", "--port=8080",
            "--served-model-name=qwen", "--served-model-name=qwen-chat",
        ]);
        Assert.Equal(8080, host.Port);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", options.Model);
        Assert.Equal("L4", options.Gpu);
        Assert.Equal(2, options.TensorParallel);
        Assert.Equal("fp8", options.Quantization);
        Assert.Equal(KvCacheFormat.Fp8, options.KvCacheDtype);
        Assert.Equal(8192, options.MaxModelLen);
        Assert.Equal(64, options.MaxNumSeqs);
        Assert.Equal(4096, options.MaxNumBatchedTokens);
        Assert.Equal("qwen-chat", options.EffectiveModelName);
    }

    [Fact]
    public void Apply_FlagsWinOverEnvironment_AndSpaceSeparatedValuesWork()
    {
        var options = new CompassSimulatorOptions();
        var env = new Dictionary<string, string?>
        {
            ["COMPASS_SIM_MAX_NUM_SEQS"] = "32",
            ["COMPASS_SIM_STARTUP_DELAY"] = "2.5",
            ["COMPASS_SIM_FAULT_STATUS_CODES"] = "502, 504",
            ["COMPASS_SIM_RESPONSE_MODE"] = "echo",
        };
        SimulatorCommandLine.Apply(options, ["--max-num-seqs", "16", "--enable-prefix-caching"], env);
        Assert.Equal(16, options.MaxNumSeqs);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.StartupDelay);
        Assert.Equal([502, 504], options.FaultStatusCodes);
        Assert.Equal(ResponseMode.Echo, options.ResponseMode);
    }

    [Theory]
    [InlineData("--no-such-flag=1")]
    [InlineData("--max-num-seqs=many")]
    [InlineData("--max-num-seqs")]
    [InlineData("--response-mode=poetry")]
    [InlineData("stray")]
    public void Apply_BadInput_Throws(string arg)
        => Assert.Throws<FormatException>(() => SimulatorCommandLine.Apply(new CompassSimulatorOptions(), [arg]));

    [Fact]
    public void Apply_HostDefaults_AreLoopbackAndBounded()
    {
        var options = new CompassSimulatorOptions();
        var host = SimulatorCommandLine.Apply(options, []);
        Assert.Equal("127.0.0.1", host.Host);
        Assert.True(host.MaxConnections > 0);
        Assert.True(options.MaxWaitingRequests > 0);
        Assert.False(options.EnableFaultHeader);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void Apply_HostSettings_FromFlagsAndEnvironment()
    {
        var host = SimulatorCommandLine.Apply(new CompassSimulatorOptions(), ["--port", "9000", "--max-connections=10"],
            new Dictionary<string, string?> { ["COMPASS_SIM_HOST"] = "0.0.0.0" });
        Assert.Equal(new SimulatorHostSettings { Host = "0.0.0.0", Port = 9000, MaxConnections = 10 }, host);
    }

    [Fact]
    public void Apply_ApiKey_FromVllmVariable_ButCompassVariableAndFlagWin()
    {
        var options = new CompassSimulatorOptions();
        SimulatorCommandLine.Apply(options, [], new Dictionary<string, string?> { ["VLLM_API_KEY"] = "v" });
        Assert.Equal("v", options.ApiKey);
        SimulatorCommandLine.Apply(options, [], new Dictionary<string, string?> { ["VLLM_API_KEY"] = "v", ["COMPASS_SIM_API_KEY"] = "c" });
        Assert.Equal("c", options.ApiKey);
        SimulatorCommandLine.Apply(options, ["--api-key=f"], new Dictionary<string, string?> { ["COMPASS_SIM_API_KEY"] = "c" });
        Assert.Equal("f", options.ApiKey);
    }

    [Theory]
    [InlineData(new[] { "--enable-fault-header" }, true)]
    [InlineData(new[] { "--enable-fault-header=false" }, false)]
    [InlineData(new[] { "--enable-fault-header=true" }, true)]
    [InlineData(new string[0], false)]
    public void Apply_FaultHeaderSwitch(string[] args, bool enabled)
    {
        var options = new CompassSimulatorOptions();
        SimulatorCommandLine.Apply(options, args);
        Assert.Equal(enabled, options.EnableFaultHeader);
    }

    [Theory]
    [InlineData("--max-num-seqs", "0")]
    [InlineData("--max-num-seqs", "-1")]
    [InlineData("--tensor-parallel-size", "0")]
    [InlineData("--max-model-len", "-4096")]
    [InlineData("--max-num-batched-tokens", "0")]
    [InlineData("--gpu-memory-utilization", "1.5")]
    [InlineData("--gpu-memory-utilization", "NaN")]
    [InlineData("--startup-delay", "-1")]
    [InlineData("--startup-delay", "1e300")]
    [InlineData("--slow-start", "-2")]
    [InlineData("--slow-start-factor", "0.5")]
    [InlineData("--fault-rate", "2")]
    [InlineData("--fault-status-codes", "200")]
    [InlineData("--max-waiting-requests", "-1")]
    [InlineData("--queue-full-status-code", "500")]
    [InlineData("--max-request-body-bytes", "0")]
    [InlineData("--port", "65536")]
    [InlineData("--max-connections", "0")]
    [InlineData("--kv-cache-dtype", "fp4")]
    [InlineData("--quantization", "q9")]
    [InlineData("--host", "not a host")]
    public void Apply_OutOfRangeValue_OneLineNamingTheFlagAndTheValue(string flag, string value)
    {
        var e = Assert.Throws<FormatException>(() => SimulatorCommandLine.Apply(new CompassSimulatorOptions(), [$"{flag}={value}"]));
        Assert.StartsWith(flag, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Apply_UnknownFlag_SuggestsTheClosest_OnOneLine()
    {
        var e = Assert.Throws<FormatException>(() => SimulatorCommandLine.Apply(new CompassSimulatorOptions(), ["--max-num-seq=4"]));
        Assert.Contains("--max-num-seqs?", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Validator_AndCommandLine_ShareTheLimits()
    {
        var options = new CompassSimulatorOptions { MaxNumSeqs = 0, TensorParallel = 65 };
        var failures = CompassSimulatorOptionsValidator.Check(options);
        Assert.Contains(failures, f => f.Contains("--max-num-seqs", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("--tensor-parallel-size", StringComparison.Ordinal));
        Assert.Empty(CompassSimulatorOptionsValidator.Check(new CompassSimulatorOptions()));
    }
}
