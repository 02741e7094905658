namespace Compass.Cli.Tests;

/// <summary>Everything the README tells a user to run is compiled by 'dotnet test Compass.sln', so a compile break cannot land.</summary>
public sealed class SolutionTests
{
    [Fact]
    public void EveryProjectInTheRepository_IsInTheSolution_AndBuilt()
    {
        var root = Root();
        var solution = File.ReadAllText(Path.Combine(root, "Compass.sln")).Replace('\\', '/');
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .ToList();

        Assert.Contains("samples/Compass.Simulator.Server/Compass.Simulator.Server.csproj", projects);
        Assert.Contains("benchmarks/Compass.Benchmarks/Compass.Benchmarks.csproj", projects);
        foreach (var project in projects)
        {
            Assert.True(solution.Contains($"\"{project}\"", StringComparison.Ordinal), $"{project} is not in Compass.sln, so 'dotnet test Compass.sln' does not compile it");
            var guid = solution[(solution.IndexOf($"\"{project}\"", StringComparison.Ordinal) + project.Length + 2)..].Split('"')[1];
            Assert.True(solution.Contains($"{guid}.Debug|Any CPU.Build.0", StringComparison.Ordinal) && solution.Contains($"{guid}.Release|Any CPU.Build.0", StringComparison.Ordinal), $"{project} is in Compass.sln but not built in every configuration");
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Compass.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Compass.sln not found above " + AppContext.BaseDirectory);
    }
}
