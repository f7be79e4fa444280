namespace Chronology.Domain.Tests;

/// <summary>The shared conformance data, which lives beside the project (../shared/conformance) and is never copied into it.</summary>
public static class Conformance
{
    public static string Folder(string suite)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chronology.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new DirectoryNotFoundException($"No Chronology.sln above {AppContext.BaseDirectory}.");
        return Path.Combine(directory.FullName, "..", "shared", "conformance", suite);
    }
}
