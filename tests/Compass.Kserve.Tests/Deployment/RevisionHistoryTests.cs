using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

/// <summary>The revision history: no credentials in it, within the object size limit, and no revision lost to a concurrent deploy.</summary>
public sealed class RevisionHistoryTests
{
    private const string SecretToken = "hf_TopSecretTokenValue123";
    private const string EnvToken = "sk-LiteralApiKeyInEnv456";

    [Fact]
    public async Task Revisions_HoldNoSecretContent_NorCredentialLikeEnvValues()
    {
        await using var cluster = await Cluster.StartAsync();
        WriteSecretAndLiteralEnv(cluster.Samples.Directory);

        await cluster.ApplyAsync();

        var map = RevisionsMap(cluster);
        var everything = map.ToJsonString() + string.Concat(Revisions(map).Values);
        foreach (var leaked in new[] { SecretToken, Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretToken)), "db-password-789", EnvToken })
        {
            Assert.DoesNotContain(leaked, everything, StringComparison.Ordinal);
        }

        var stored = JsonNode.Parse(Revisions(map)[1])!.AsArray().OfType<JsonObject>().ToList();
        var secret = stored.Single(o => o["kind"]!.GetValue<string>() == "Secret");
        Assert.Equal(["apiVersion", "kind", "metadata", "compass.io/sha256"], secret.Select(p => p.Key));
        Assert.Equal(64, secret["compass.io/sha256"]!.GetValue<string>().Length);
        var env = stored.Single(o => o["kind"]!.GetValue<string>() == "InferenceService")["spec"]!["predictor"]!["model"]!["env"]!.AsArray();
        Assert.Equal("compass.io/redacted sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EnvToken))), env.Single(e => e!["name"]!.GetValue<string>() == "OPENAI_API_KEY")!["value"]!.GetValue<string>());
        Assert.Equal("1", env.Single(e => e!["name"]!.GetValue<string>() == "VLLM_LOGGING_LEVEL_VERBOSE")!["value"]!.GetValue<string>());

        // The Secret itself was applied with its content: only the history leaves it out.
        Assert.Equal(SecretToken, cluster.Server.Store.Find(FakeStore.Resource("secrets"), "default", "hf-token")!.Content["stringData"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_KeepsSecretsAsTheyAre_AndTheLiveValueOfARedactedEnv()
    {
        await using var cluster = await Cluster.StartAsync();
        WriteSecretAndLiteralEnv(cluster.Samples.Directory);
        await cluster.ApplyAsync();
        cluster.Samples.Rewrite(minReplicas: 2);
        WriteSecretAndLiteralEnv(cluster.Samples.Directory);
        await cluster.ApplyAsync();
        var progress = new ProgressLog();

        var plan = await cluster.Deployer.PlanRollbackAsync("chat");
        var result = await cluster.Deployer.RollbackAsync(plan, progress);

        Assert.Equal(3, result.Revision);
        Assert.DoesNotContain(plan.Apply, a => a.Kind == "Secret");
        Assert.Contains(plan.LeftAlone, l => l.Target.Name == "hf-token" && l.Reason.Contains("unchanged since revision 1", StringComparison.Ordinal));
        Assert.Contains(progress.Lines, l => l.Contains("kept the current value of env OPENAI_API_KEY", StringComparison.Ordinal));
        var predictor = cluster.Isvc()!.Content["spec"]!["predictor"]!;
        Assert.Equal(1, predictor["minReplicas"]!.GetValue<long>());
        Assert.Equal(EnvToken, predictor["model"]!["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "OPENAI_API_KEY")!["value"]!.GetValue<string>());
        Assert.Equal(2, cluster.Server.Requests.Count(r => r.StartsWith("PATCH /api/v1/namespaces/default/secrets/hf-token", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Record_AConcurrentWriteBetweenReadAndWrite_IsRetried_AndNoRevisionIsLost()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        var raced = false;
        cluster.Server.BeforeWrite = (verb, plural, name) =>
        {
            if (!raced && verb == "update" && plural == "configmaps" && name == "compass-chat-revisions")
            {
                // Another deploy records its revision 2 after this one read the history.
                raced = true;
                var live = cluster.Server.Store.Find(FakeStore.Resource("configmaps"), "default", name)!.Clone();
                live.Content["binaryData"]!["revision-2.json.gz"] = Gzip("[]");
                live.Content["metadata"]!["annotations"]!["compass.io/revision"] = "2";
                cluster.Server.Store.Put(live);
            }
        };
        cluster.Samples.Rewrite(minReplicas: 2);

        var result = await cluster.ApplyAsync();

        Assert.True(raced);
        Assert.Equal(3, result.Revision);
        Assert.Equal([1, 2, 3], Revisions(RevisionsMap(cluster)).Keys);
        Assert.Equal(2, cluster.Server.Requests.Count(r => r.StartsWith("PUT /api/v1/namespaces/default/configmaps/compass-chat-revisions", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Record_ManyDeploysAtOnce_EachGetsItsOwnRevision()
    {
        await using var server = await FakeKubernetes.StartAsync();
        var samples = Enumerable.Range(0, 6).Select(_ => SampleManifests.Write()).ToList();
        try
        {
            var deploys = samples.Select(async (s, i) =>
            {
                using var deployer = new KubernetesDeployer(server.Configuration(), new KubernetesDeploymentOptions { MaxRevisions = 100 });
                s.Rewrite(minReplicas: i + 1);
                return await deployer.ApplyAsync(new DeploymentRequest(ManifestLoader.LoadDirectory(s.Directory)));
            });

            var results = await Task.WhenAll(deploys);

            var numbers = results.Select(r => r.Revision!.Value).Order().ToList();
            Assert.Equal(Enumerable.Range(1, samples.Count), numbers);
            var map = server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!.Content;
            Assert.Equal(numbers, Revisions(map).Keys);
        }
        finally
        {
            samples.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Record_DropsOldestRevisions_ToStayWithinTheObjectSizeLimit()
    {
        await using var server = await FakeKubernetes.StartAsync();
        using var deployer = new KubernetesDeployer(server.Configuration(), new KubernetesDeploymentOptions { MaxRevisions = 100 });
        using var samples = SampleManifests.Write();
        var progress = new ProgressLog();
        for (var i = 0; i < 6; i++)
        {
            // 300 KB of random (incompressible) data per revision: three fit in 1 MiB, six do not.
            File.WriteAllText(Path.Combine(samples.Directory, "50-data.yaml"), $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: chat-blob}}\nbinaryData:\n  blob: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(300_000))}\n");
            await deployer.ApplyAsync(new DeploymentRequest(ManifestLoader.LoadDirectory(samples.Directory)), progress);
        }

        var map = server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!.Content;
        var kept = Revisions(map).Keys.ToList();
        Assert.Equal(6, kept[^1]);
        Assert.InRange(kept.Count, 2, 3);
        Assert.True(map["binaryData"]!.AsObject().Sum(p => Convert.FromBase64String(p.Value!.GetValue<string>()).Length) <= FakeStore.MaxDataBytes);
        Assert.Contains(progress.Lines, l => l.StartsWith("dropped revision(s) 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_OfManifestsTooLargeToKeep_IsRefusedBeforeAnythingIsApplied()
    {
        await using var cluster = await Cluster.StartAsync();
        File.WriteAllText(Path.Combine(cluster.Samples.Directory, "50-data.yaml"), $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: chat-blob}}\nbinaryData:\n  blob: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(900_000))}\n");

        var ex = await Assert.ThrowsAsync<DeploymentException>(() => cluster.ApplyAsync());

        Assert.Contains("more than a ConfigMap can hold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was applied", ex.Message, StringComparison.Ordinal);
        Assert.Null(cluster.Isvc());
        Assert.DoesNotContain(cluster.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revisions_WrittenByAnEarlierVersion_AreStillRead()
    {
        await using var cluster = await Cluster.StartAsync();
        await cluster.ApplyAsync();
        // The old layout: plain JSON under data["revision-N"], no created list.
        var live = cluster.Server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!.Clone();
        var revision1 = Revisions(live.Content)[1];
        live.Content["data"] = new JsonObject { ["revision-1"] = revision1 };
        live.Content.Remove("binaryData");
        cluster.Server.Store.Put(live);
        cluster.Samples.Rewrite(minReplicas: 2);

        var result = await cluster.ApplyAsync();

        Assert.Equal(2, result.Revision);
        var plan = await cluster.Deployer.PlanRollbackAsync("chat");
        Assert.Equal(1, plan.ToRevision);
    }

    private static void WriteSecretAndLiteralEnv(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "05-secret.yaml"), $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: hf-token
            type: Opaque
            stringData:
              token: {SecretToken}
            data:
              password: {Convert.ToBase64String(Encoding.UTF8.GetBytes("db-password-789"))}
            """);
        var path = Path.Combine(directory, "10-inferenceservice.yaml");
        const string Env = "      env:\n        - name: OPENAI_API_KEY\n          value: " + EnvToken + "\n        - name: VLLM_LOGGING_LEVEL_VERBOSE\n          value: \"1\"\n";
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Contains("\n      args:\n", text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace("\n      args:\n", "\n" + Env + "      args:\n", StringComparison.Ordinal));
    }

    private static JsonObject RevisionsMap(Cluster cluster)
        => cluster.Server.Store.Find(FakeStore.Resource("configmaps"), "default", "compass-chat-revisions")!.Content;

    private static SortedDictionary<int, string> Revisions(JsonObject map)
    {
        var result = new SortedDictionary<int, string>();
        foreach (var (key, value) in map["binaryData"] as JsonObject ?? [])
        {
            using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(value!.GetValue<string>())), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            result[int.Parse(key["revision-".Length..^".json.gz".Length], System.Globalization.CultureInfo.InvariantCulture)] = reader.ReadToEnd();
        }

        return result;
    }

    private static string Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }
}
