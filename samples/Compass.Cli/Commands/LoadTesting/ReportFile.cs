namespace Compass.Cli.Commands.LoadTesting;

/// <summary>
/// The <c>--out FILE</c> of loadtest and validate: checked before the run, never an existing file unless
/// <c>--force</c>, and written whole (a temporary file beside it, then one rename) so a failed write leaves nothing.
/// </summary>
internal static class ReportFile
{
    public static void Check(string? path, bool force)
    {
        if (path is null)
        {
            if (force)
            {
                throw new CliException("--force only applies with --out FILE.");
            }

            return;
        }

        var full = Full(path);
        if (Directory.Exists(full))
        {
            throw new CliException($"--out {path} is a folder; give a file name, e.g. --out {Path.Combine(path, "report.json")}.");
        }

        if (File.Exists(full) && !force)
        {
            throw new CliException($"--out {path} already exists; choose another file name, or pass --force to replace it.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new CliException($"--out {path}: the folder {Path.GetDirectoryName(full)} does not exist; create it first.");
        }
    }

    public static async Task WriteAsync(string? path, bool force, string text, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        var full = Full(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.compass-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: force);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // A hidden temporary file is left; the message below names the failure.
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new CliException(File.Exists(full) && !force
                ? $"--out {path} appeared while the run was going; the report was not written (pass --force to replace it)."
                : $"Cannot write --out {path}: {ex.Message}", ExitCodes.Failure);
        }
    }

    private static string Full(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliException($"--out '{path}' is not a usable file path: {ex.Message}");
        }
    }
}
