using Compass.Core;
using Microsoft.Extensions.Configuration;

namespace Compass.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Apply_ReadsTheFlagsKserveSimulatorModePasses()
    {
        var options = new CompassSimulatorOptions();
        var host = SimulatorConfiguration.Apply(options,
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
        SimulatorConfiguration.Apply(options, ["--max-num-seqs", "16", "--enable-prefix-caching"], env);
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
        => Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), [arg]));

    [Fact]
    public void Apply_HostDefaults_AreLoopbackAndBounded()
    {
        var options = new CompassSimulatorOptions();
        var host = SimulatorConfiguration.Apply(options, []);
        Assert.Equal("127.0.0.1", host.Host);
        Assert.True(host.MaxConnections > 0);
        Assert.True(options.MaxWaitingRequests > 0);
        Assert.False(options.EnableFaultHeader);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void Apply_HostSettings_FromFlagsAndEnvironment()
    {
        var host = SimulatorConfiguration.Apply(new CompassSimulatorOptions(), ["--port", "9000", "--max-connections=10"],
            new Dictionary<string, string?> { ["COMPASS_SIM_HOST"] = "0.0.0.0" });
        Assert.Equal(new SimulatorHostSettings { Host = "0.0.0.0", Port = 9000, MaxConnections = 10 }, host);
    }

    [Fact]
    public void Apply_ApiKey_FromVllmVariable_ButCompassVariableAndFlagWin()
    {
        var options = new CompassSimulatorOptions();
        SimulatorConfiguration.Apply(options, [], new Dictionary<string, string?> { ["VLLM_API_KEY"] = "v" });
        Assert.Equal("v", options.ApiKey);
        SimulatorConfiguration.Apply(options, [], new Dictionary<string, string?> { ["VLLM_API_KEY"] = "v", ["COMPASS_SIM_API_KEY"] = "c" });
        Assert.Equal("c", options.ApiKey);
        SimulatorConfiguration.Apply(options, ["--api-key=f"], new Dictionary<string, string?> { ["COMPASS_SIM_API_KEY"] = "c" });
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
        SimulatorConfiguration.Apply(options, args);
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
        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), [$"{flag}={value}"]));
        Assert.StartsWith(flag, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Apply_UnknownFlag_SuggestsTheClosest_OnOneLine()
    {
        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), ["--max-num-seq=4"]));
        Assert.Contains("--max-num-seqs?", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Validator_AndConfiguration_ShareTheLimits_AndTheValidatorSpeaksInProperties()
    {
        var options = new CompassSimulatorOptions { MaxNumSeqs = 0, TensorParallel = 65 };
        var failures = CompassSimulatorOptionsValidator.Check(options).Select(p => p.ToString()).ToList();
        Assert.Contains("MaxNumSeqs must be an integer from 1 to 100000; got 0.", failures);
        Assert.Contains("TensorParallel must be an integer from 1 to 64; got 65.", failures);
        Assert.All(failures, f => Assert.DoesNotContain("--", f, StringComparison.Ordinal));
        Assert.Empty(CompassSimulatorOptionsValidator.Check(new CompassSimulatorOptions()));

        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), ["--tensor-parallel-size=65"]));
        Assert.Equal("--tensor-parallel-size must be an integer from 1 to 64; got '65'.", e.Message);
    }

    [Theory]
    [InlineData("--model", "--seed=1")]
    [InlineData("--api-key", "--port=0")]
    public void Apply_FlagFollowedByAnotherFlag_NeedsAValue_AndDoesNotSwallowTheNextFlag(string flag, string next)
    {
        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), [flag, next]));
        Assert.Equal($"{flag} needs a value: {flag}=VALUE.", e.Message);
    }

    [Fact]
    public void Apply_SwitchFollowedByAValueFlag_DoesNotTakeItsValue()
    {
        var options = new CompassSimulatorOptions();
        SimulatorConfiguration.Apply(options, ["--enable-fault-header", "--seed", "7", "--trust-remote-code", "--max-num-seqs=8"]);
        Assert.True(options.EnableFaultHeader);
        Assert.Equal(7, options.Seed);
        Assert.Equal(8, options.MaxNumSeqs);
    }

    [Fact]
    public void Apply_FlagsAreCaseSensitive_AsInVllm()
    {
        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Apply(new CompassSimulatorOptions(), ["--Max-Num-Seqs=4"]));
        Assert.Contains("Unknown flag --Max-Num-Seqs.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MapsEachFlagToItsConfigurationKey()
    {
        var configuration = SimulatorConfiguration.Build(["--max-num-seqs", "64", "--tensor-parallel-size=2", "--enable-fault-header"],
            new Dictionary<string, string?> { ["COMPASS_SIM_GPU"] = " L4 ", ["COMPASS_SIM_UNRELATED_SERVICE_PORT"] = "tcp://10.0.0.1:80" });
        Assert.Equal("64", configuration["CompassSimulator:MaxNumSeqs"]);
        Assert.Equal("2", configuration["CompassSimulator:TensorParallel"]);
        Assert.Equal("true", configuration["CompassSimulator:EnableFaultHeader"]);
        Assert.Equal("L4", configuration["CompassSimulator:Gpu"]);
    }

    [Fact]
    public void Bind_ReadsASettingsSection_FromAnyConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CompassSimulator:MaxNumSeqs"] = "48",
            ["CompassSimulator:startupDelay"] = "00:00:03",
            ["CompassSimulator:FaultStatusCodes:0"] = "502",
            ["CompassSimulator:FaultStatusCodes:1"] = "504",
            ["CompassSimulator:Port"] = "9001",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        var options = new CompassSimulatorOptions();
        var host = SimulatorConfiguration.Bind(configuration, options);
        Assert.Equal(48, options.MaxNumSeqs);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StartupDelay);
        Assert.Equal([502, 504], options.FaultStatusCodes);
        Assert.Equal(9001, host.Port);
    }

    [Fact]
    public void Bind_OutOfRangeValueOfAnotherConfiguration_NamesItsKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CompassSimulator:MaxNumSeqs"] = "0" }).Build();
        var e = Assert.Throws<FormatException>(() => SimulatorConfiguration.Bind(configuration, new CompassSimulatorOptions()));
        Assert.Equal("CompassSimulator:MaxNumSeqs must be an integer from 1 to 100000; got '0'.", e.Message);
    }

    [Fact]
    public void Build_SettingsFile_IsReadUnderFlagsAndVariables_AndNamedInErrors()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("compass-sim-settings-").FullName, "appsettings.json");
        try
        {
            File.WriteAllText(file, """
                { "Logging": { "LogLevel": { "Default": "Warning" } },
                  "CompassSimulator": { "MaxNumSeqs": 32, "Gpu": "L4", "Seed": 5, "FaultStatusCodes": [ 502, 504 ], "SlowStartDuration": 2.5 } }
                """);
            var options = new CompassSimulatorOptions();
            SimulatorConfiguration.Bind(SimulatorConfiguration.Build(["--seed=9"], new Dictionary<string, string?> { ["COMPASS_SIM_GPU"] = "A10G" }, file), options);
            Assert.Equal(32, options.MaxNumSeqs);
            Assert.Equal("A10G", options.Gpu);
            Assert.Equal(9, options.Seed);
            Assert.Equal([502, 504], options.FaultStatusCodes);
            Assert.Equal(TimeSpan.FromSeconds(2.5), options.SlowStartDuration);

            File.WriteAllText(file, """{ "CompassSimulator": { "MaxNumSeqs": -3 } }""");
            var bad = Assert.Throws<FormatException>(() => SimulatorConfiguration.Bind(SimulatorConfiguration.Build([], null, file), new CompassSimulatorOptions()));
            Assert.Equal("CompassSimulator:MaxNumSeqs in appsettings.json must be an integer from 1 to 100000; got '-3'.", bad.Message);

            File.WriteAllText(file, """{ "CompassSimulator": { "MaxNumSeq": 4 } }""");
            var unknown = Assert.Throws<FormatException>(() => SimulatorConfiguration.Bind(SimulatorConfiguration.Build([], null, file), new CompassSimulatorOptions()));
            Assert.StartsWith("Unknown setting CompassSimulator:MaxNumSeq in appsettings.json. Did you mean MaxNumSeqs?", unknown.Message, StringComparison.Ordinal);

            File.WriteAllText(file, """{ "CompassSimulator": { "MaxNumSeqs": """);
            var broken = Assert.Throws<FormatException>(() => SimulatorConfiguration.Build([], null, file));
            Assert.Contains("is not valid JSON", broken.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', broken.Message);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void Usage_ComesFromTheTable_OneLinePerSetting_WithItsDefaultAndKey()
    {
        var lines = SimulatorConfiguration.Usage.Split('\n');
        foreach (var setting in SettingTable.All.Where(s => s.Kind != SettingKind.Ignored))
        {
            var line = Assert.Single(lines, l => l.TrimStart().StartsWith(setting.Option + (setting.Kind == SettingKind.Switch ? " " : "="), StringComparison.Ordinal));
            Assert.Contains(setting.Description, line, StringComparison.Ordinal);
            Assert.Contains($"[{setting.Default}]", line, StringComparison.Ordinal);
            Assert.EndsWith(setting.Key, line.TrimEnd(), StringComparison.Ordinal);
        }

        Assert.Contains("--enable-prefix-caching", SimulatorConfiguration.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_EverySettingSetsTheNamedProperty()
    {
        foreach (var setting in SettingTable.All.Where(s => s.Kind != SettingKind.Ignored))
        {
            var property = typeof(CompassSimulatorOptions).GetProperty(setting.Key) ?? typeof(SimulatorHostSettings).GetProperty(setting.Key);
            Assert.True(property is not null, $"{setting.Option} names {setting.Key}, which is no property");
        }

        Assert.Equal(SettingTable.All.Count, SettingTable.All.Select(s => s.Flag).Distinct().Count());
    }

    [Fact]
    public void Table_DefaultsShown_AreTheOptionsDefaults()
    {
        var options = new CompassSimulatorOptions();
        var host = new SimulatorHostSettings();
        foreach (var setting in SettingTable.All.Where(s => s.Kind == SettingKind.Value && char.IsDigit(s.Default[0])))
        {
            var value = typeof(CompassSimulatorOptions).GetProperty(setting.Key)?.GetValue(options) ?? typeof(SimulatorHostSettings).GetProperty(setting.Key)!.GetValue(host);
            var shown = value switch
            {
                TimeSpan span => span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                IEnumerable<int> codes => string.Join(',', codes),
                IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value?.ToString(),
            };
            Assert.True(setting.Default == shown, $"{setting.Option} shows [{setting.Default}], the default is {shown}");
        }
    }
}
