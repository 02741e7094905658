using Compass.Kserve.Vm;
using Compass.Kserve.Yaml;

namespace Compass.Kserve.Tests.Vm;

/// <summary>The nginx proxy in front of a VM's replicas: well-formed, every replica named once, streaming not buffered.</summary>
public sealed class VmProxyTests
{
    public static TheoryData<string, string> Packed()
    {
        var data = new TheoryData<string, string>();
        foreach (var (plan, provider) in VmTestData.Cases().Where(c => VmTestData.Fits(c.Plan, c.Provider)))
        {
            if (VmTestData.Generate(plan, provider).ReplicasPerVm > 1)
            {
                data.Add(plan, provider);
            }
        }

        return data;
    }

    [Fact]
    public void Cases_IncludePackedVms()
        => Assert.True(Packed().Count >= 2, "Azure's 8-GPU H100 VMs pack the chatbot (TP 1) and the 70B plan (TP 4); without them the tests below test nothing.");

    [Theory]
    [MemberData(nameof(Packed))]
    public void Proxy_IsWellFormed_AndSpreadsOverEveryReplica(string plan, string provider)
    {
        var bundle = VmTestData.Generate(plan, provider);
        var config = NginxConfig.Parse(bundle[StackFiles.Proxy]);
        var http = config.Single("http");

        var upstream = http.Single("upstream");
        Assert.Equal(["vllm"], upstream.Arguments);
        Assert.Single(upstream.All("least_conn"));
        var servers = upstream.All("server").Select(s => s.Arguments[0]).ToList();
        Assert.Equal(Enumerable.Range(0, bundle.ReplicasPerVm).Select(i => $"vllm-{i}:8080"), servers);
        Assert.All(upstream.All("server"), s => Assert.Contains("resolve", s.Arguments));
        Assert.Single(upstream.All("zone"));
        Assert.Single(http.All("resolver"));

        var server = http.Single("server");
        var compose = YamlTree.Parse(bundle[StackFiles.Compose]).Single()!;
        var published = compose["services"]!["proxy"]!["ports"]![0]!.GetValue<string>();
        Assert.Equal(published.Split(':')[1], server.Single("listen").Arguments.Single());

        var location = server.Single("location");
        Assert.Equal(["http://vllm"], location.Single("proxy_pass").Arguments);
        Assert.Equal(["off"], location.Single("proxy_buffering").Arguments);
        Assert.Equal(["1.1"], location.Single("proxy_http_version").Arguments);
        Assert.Equal(["Connection", string.Empty], location.All("proxy_set_header").Single(h => h.Arguments[0] == "Connection").Arguments);
        Assert.True(Seconds(location.Single("proxy_read_timeout").Arguments.Single()) >= 600, "streams of long generations need long read timeouts");

        // The file cloud-init writes is the one the bundle holds.
        Assert.Contains($"path: {VmOptions.StackFolder}/{StackFiles.Proxy}", bundle[StackFiles.CloudInit], StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_RejectsWhatNginxWouldNot()
    {
        // The reader must fail on broken syntax, or the test above would pass whatever was written.
        var proxy = VmTestData.Generate(TestPlans.Chatbot, "azure")[StackFiles.Proxy];
        Assert.Throws<FormatException>(() => NginxConfig.Parse(proxy.Replace("keepalive 64;", "keepalive 64", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => NginxConfig.Parse(proxy[..proxy.LastIndexOf('}')]));
        Assert.Throws<FormatException>(() => NginxConfig.Parse(proxy + "}\n"));
        Assert.Throws<FormatException>(() => NginxConfig.Parse("proxy_pass \"http://vllm;\n"));
    }

    private static int Seconds(string value) => value.EndsWith('s') ? int.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture) : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
