using Compass.Simulator;

// The Compass simulator: vLLM's OpenAI API with latency from Compass's scheduler in real time.
// Flags as vLLM's (--model, --gpu, --max-num-seqs, ...), COMPASS_SIM_* variables or the CompassSimulator section of
// appsettings.json, read through Microsoft.Extensions.Configuration; --help lists them and the exit codes.
return await SimulatorServer.RunAsync(args);
