using Compass.Kserve.Deployment;
using Compass.Kserve.Tests.Deployment.FakeApiServer;

namespace Compass.Kserve.Tests.Deployment;

/// <summary>A fake API server, a deployer pointed at it, and sample manifests; disposed together.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    private Cluster(FakeKubernetes server, KubernetesDeployer deployer, SampleManifests samples)
    {
        Server = server;
        Deployer = deployer;
        Samples = samples;
    }

    public FakeKubernetes Server { get; }

    public KubernetesDeployer Deployer { get; }

    public SampleManifests Samples { get; }

    public static async Task<Cluster> StartAsync(string? token = null)
    {
        var server = await FakeKubernetes.StartAsync();
        var config = server.Configuration();
        if (token is not null)
        {
            config.AccessToken = token;
        }

        var deployer = new KubernetesDeployer(config, new KubernetesDeploymentOptions { PollInterval = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(10) });
        return new Cluster(server, deployer, SampleManifests.Write());
    }

    public IReadOnlyList<ManifestDocument> Manifests() => ManifestLoader.LoadDirectory(Samples.Directory);

    public Task<DeploymentResult> ApplyAsync(bool dryRun = false, string? ns = null, bool createNamespace = false, bool force = false, IProgress<string>? progress = null)
        => Deployer.ApplyAsync(new DeploymentRequest(Manifests()) { DryRun = dryRun, Namespace = ns, CreateNamespace = createNamespace, Force = force }, progress);

    public StoredObject? Isvc(string name = "chat", string ns = "default") => Server.Store.Find(FakeStore.Resource("inferenceservices"), ns, name);

    public async ValueTask DisposeAsync()
    {
        Deployer.Dispose();
        Samples.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Collects progress lines synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
internal sealed class ProgressLog : IProgress<string>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Report(string value)
    {
        lock (_lines)
        {
            _lines.Add(value);
        }
    }
}
