using Compass.Planning.Engine;
using Compass.Planning.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compass.Simulator.Tests;

/// <summary>A simulator on Kestrel at 127.0.0.1 (a free port) with a real HttpClient.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string ModelName = "test-model";

    private readonly WebApplication _app;

    private TestServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A profile with a known step model: 10 ms + 0.01 ms per prefill token + 0.1 ms per decode sequence.</summary>
    public static EngineProfile FakeProfile(double baseMs = 10, long kvTokens = 160_000, int maxSeqs = 256) => new()
    {
        StepTime = new FixedStepModel(baseMs, 0.01, 0.1),
        KvCacheTokens = kvTokens,
        Limits = new ServingLimits { MaxNumSeqs = maxSeqs },
    };

    public static async Task<TestServer> StartAsync(Action<CompassSimulatorOptions>? configure = null, TimeProvider? time = null, bool fakeProfile = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddCompassSimulator(o =>
        {
            o.ServedModelName = ModelName;
            if (fakeProfile)
            {
                o.Profile = FakeProfile();
                o.MaxModelLen = 4096;
            }

            configure?.Invoke(o);
        });
        var app = builder.Build();
        app.MapCompassSimulator();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Posts with a deadline; on a hang, fails with the engine's state.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, HttpContent content)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            return await Client.PostAsync(path, content, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            var engine = _app.Services.GetRequiredService<Compass.Simulator.Engine.SimulatorEngine>();
            var snap = engine.Snapshot();
            throw new TimeoutException($"hung: {snap}, now {engine.NowMs}, wake {engine.Pump()}, loop {engine.ExecuteTask?.Status} {engine.ExecuteTask?.Exception}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A step model with known step times: base + per prefill token + per decode sequence, in ms.</summary>
internal sealed class FixedStepModel(double baseMs, double perPrefillToken, double perDecode) : IStepTimeModel
{
    public StepTiming Predict(in StepBatch batch) => new(0, 0, 0, baseMs + (perPrefillToken * batch.PrefillTokens) + (perDecode * batch.DecodeSequences));
}
