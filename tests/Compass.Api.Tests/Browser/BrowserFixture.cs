using Compass.Kserve.Tests.Deployment.FakeApiServer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Compass.Api.Tests.Browser;

/// <summary>
/// The real Compass API on a Kestrel port of its own (so a browser can reach it), deploying to the in-process fake
/// Kubernetes API server, and one headless Chromium, shared by the browser tests. Playwright drives the system browser;
/// it never downloads one.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class BrowserFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private string? _kubeDirectory;

    /// <summary>Gets the fake cluster the API deploys to.</summary>
    internal FakeKubernetes Cluster { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>TestResults/screenshots</c> under the test assembly's folder.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.ChromiumPath))
        {
            if (!BrowserFactAttribute.IsCi)
            {
                return; // every [BrowserFact] is skipped
            }

            throw new InvalidOperationException(
                $"No Chromium at {BrowserFactAttribute.ChromiumPath}: install the Debian package chromium (.ci/run does) or set COMPASS_CHROMIUM.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        Cluster = await FakeKubernetes.StartAsync();
        Cluster.Controller.PollsToReady = 2;
        _kubeDirectory = Directory.CreateTempSubdirectory("compass-ui-kube-").FullName;
        var kubeconfig = Cluster.WriteKubeconfig(_kubeDirectory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Compass:Kubernetes:Kubeconfig", kubeconfig);

            // appsettings.json names a fixed port (Urls); take a free one so a running API or a parallel test run
            // cannot collide with this one.
            b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" }));
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        BaseAddress = new Uri(address);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            // Containers run tests as root, where Chromium's sandbox cannot start; the page is our own.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (_kubeDirectory is not null)
        {
            Directory.Delete(_kubeDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
