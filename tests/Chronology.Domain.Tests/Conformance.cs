namespace Chronology.Domain.Tests;

/// <summary>Finds the shared conformance data, which lives beside the repository rather than in it.</summary>
public static class Conformance
{
    public static string Folder(string suite) => Path.Combine(RepositoryRoot(), "..", "shared", "conformance", suite);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Chronology.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds Chronology.sln.");
    }
}
