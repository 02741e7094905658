using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Compass.Core.Knowledge;
using Compass.Simulator.Engine;
using Compass.Simulator.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Compass.Simulator.Tests;

/// <summary>The wait queue and the open connections are bounded by default.</summary>
public sealed class LimitsTests
{
    [Fact]
    public void DefaultWaitQueue_IsBounded()
    {
        var options = new CompassSimulatorOptions { ServedModelName = "m", Profile = TestServer.FakeProfile(maxSeqs: 1), MaxModelLen = 100_000 };
        var deployment = SimulatedDeployment.Resolve(options, EmbeddedKnowledgeBase.Catalog);
        var engine = new SimulatorEngine(deployment, Options.Create(options), new FakeTimeProvider(), new SimulatorMetrics(deployment));

        for (var i = 0; i < options.MaxWaitingRequests; i++)
        {
            Assert.NotNull(engine.TrySubmit(10, 10, "length"));
        }

        Assert.Null(engine.TrySubmit(10, 10, "length"));
    }

    [Fact]
    public async Task MaxConnections_ClosesConnectionsBeyondTheLimit()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var error = new StringWriter();
        var server = SimulatorServer.RunAsync(
            ["--model=llama-3.2-1b", "--port", port.ToString(CultureInfo.InvariantCulture), "--max-connections=2"], null, TextWriter.Null, error, stop.Token);
        try
        {
            using var first = await ConnectAsync(port);
            using var second = await ConnectAsync(port);
            Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(first), StringComparison.Ordinal);
            Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(second), StringComparison.Ordinal);

            using var third = await ConnectAsync(port);
            Assert.Equal(string.Empty, await GetHealthAsync(third));   // closed with no answer

            Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(first), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(SimulatorExitCodes.Success, await server);
            Assert.Equal(string.Empty, error.ToString());
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (attempt < 100)
            {
                client.Dispose();
                await Task.Delay(100);   // the server is still starting
            }
        }
    }

    // Sends one keep-alive GET /health and returns the status line, or "" when the server closed the connection.
    private static async Task<string> GetHealthAsync(TcpClient client)
    {
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
            var buffer = new byte[4096];
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var read = await stream.ReadAsync(buffer, deadline.Token);
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            return text.Split("\r\n")[0];
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
