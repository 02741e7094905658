using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Compass.Core.Knowledge;
using Compass.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compass.Simulator;

/// <summary>
/// Runs the simulator as a process: reads the flags, <c>COMPASS_SIM_*</c> variables and <c>appsettings.json</c> through
/// <see cref="SimulatorConfiguration"/>, checks them and the deployment they name before anything listens, listens on
/// <c>--host</c>:<c>--port</c> with a connection limit, and serves until stopped. Every start-up failure is one line on the
/// error writer, naming the flag, variable or key at fault, and a <see cref="SimulatorExitCodes"/> value, never a stack trace.
/// </summary>
public static class SimulatorServer
{
    /// <summary>Runs with the process's environment variables, standard output and standard error.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code (<see cref="SimulatorExitCodes"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> is null.</exception>
    public static Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return RunAsync(args, environment, Console.Out, Console.Error);
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled or the process is signalled to stop. Settings also come
    /// from the <see cref="SimulatorConfiguration.SectionName"/> section of <c>appsettings.json</c> in the current folder, when there is one.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <param name="output">Where <c>--help</c> goes (the server's log goes to the console).</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>The exit code (<see cref="SimulatorExitCodes"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/>, <paramref name="output"/> or <paramref name="error"/> is null.</exception>
    public static Task<int> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
        => RunAsync(args, environment, Path.Combine(Directory.GetCurrentDirectory(), SimulatorConfiguration.SettingsFileName), output, error, cancellationToken);

    /// <summary>Runs as the public overload does, with the settings file given (null: none).</summary>
    internal static async Task<int> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, string? settingsFile, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(a => a is "--help" or "-h"))
        {
            await output.WriteLineAsync("compass-simulator: vLLM's OpenAI API with latency from Compass's scheduler.").ConfigureAwait(false);
            await output.WriteLineAsync(SimulatorConfiguration.Usage).ConfigureAwait(false);
            return SimulatorExitCodes.Success;
        }

        var options = new CompassSimulatorOptions();
        IConfigurationRoot configuration;
        SimulatorHostSettings host;
        SettingSources sources;
        try
        {
            configuration = SimulatorConfiguration.Build(args, environment, settingsFile);
            (host, sources) = SimulatorConfiguration.Read(configuration, options);
        }
        catch (FormatException e)
        {
            return await FailAsync(error, SimulatorExitCodes.BadArguments, e.Message).ConfigureAwait(false);
        }

        SimulatedDeployment deployment;
        try
        {
            deployment = SimulatedDeployment.Resolve(options, EmbeddedKnowledgeBase.Catalog);
        }
        catch (DeploymentException e)
        {
            return await FailAsync(error, SimulatorExitCodes.CannotSimulate, e.Describe(sources.Name)).ConfigureAwait(false);
        }

        try
        {
            return await ServeAsync(configuration, host, options, deployment, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await FailAsync(error, SimulatorExitCodes.Unexpected, $"the simulator failed unexpectedly: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private static async Task<int> ServeAsync(
        IConfiguration configuration, SimulatorHostSettings host, CompassSimulatorOptions options, SimulatedDeployment deployment, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The start-up failures this method reports itself would otherwise also be logged with their stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var address = string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.Parse(host.Host.Trim('[', ']'));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = host.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;           // nothing here upgrades (no WebSockets)
            // One byte above the simulator's own limit, so that the simulator answers an oversize body with its 413.
            kestrel.Limits.MaxRequestBodySize = (long)options.MaxRequestBodyBytes + 1;
            kestrel.Listen(address, host.Port);
        });
        builder.Services.AddSingleton(deployment);
        // The options are bound from the same configuration, and validated again at start (AddCompassSimulator's ValidateOnStart).
        builder.Services.AddCompassSimulator(o => SimulatorConfiguration.Bind(configuration, o));
        await using var app = builder.Build();
        app.MapCompassSimulator();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return await FailAsync(error, SimulatorExitCodes.CannotListen, string.Create(CultureInfo.InvariantCulture,
                $"cannot listen on {host.Host}:{host.Port}: {BindFailure(e)}; choose another --port or --host, or stop what is using it.")).ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            return await FailAsync(error, SimulatorExitCodes.BadArguments, e.Failures.FirstOrDefault() ?? e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SimulatorExitCodes.Success;
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        if (app.Services.GetRequiredService<SimulatorEngine>().ExecuteTask is { IsFaulted: true } loop)
        {
            var cause = loop.Exception!.InnerException ?? loop.Exception;
            return await FailAsync(error, SimulatorExitCodes.Unexpected, $"the simulator's engine loop failed: {cause.GetType().Name}: {cause.Message}").ConfigureAwait(false);
        }

        return SimulatorExitCodes.Success;
    }

    private static string BindFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AddressInUseException:
                    return "the port is already in use";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return "the port is already in use";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return "the address is not one of this machine's";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return "permission denied (ports below 1024 need privileges)";
                case SocketException socket:
                    return socket.Message;
                default:
                    break;
            }
        }

        return e.Message;
    }

    private static async Task<int> FailAsync(TextWriter error, int code, string message)
    {
        await error.WriteLineAsync("error: " + string.Join(' ', message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ConfigureAwait(false);
        await error.FlushAsync().ConfigureAwait(false);
        return code;
    }
}
