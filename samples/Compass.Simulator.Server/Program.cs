using System.Collections;
using Compass.Simulator;

// The Compass simulator: vLLM's OpenAI API with latency from Compass's scheduler in real time.
// Flags as vLLM's (--model, --gpu, --max-num-seqs, ...) or COMPASS_SIM_* variables; --help lists them.
if (args.Contains("--help"))
{
    Console.WriteLine(SimulatorCommandLine.Usage);
    return 0;
}

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
int port;
try
{
    port = SimulatorCommandLine.Apply(new CompassSimulatorOptions(), args, environment) ?? 8080; // checks the flags early
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
builder.Services.AddCompassSimulator(o => SimulatorCommandLine.Apply(o, args, environment));
var app = builder.Build();
app.MapCompassSimulator();
await app.RunAsync();
return 0;

