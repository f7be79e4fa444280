namespace Chronology.Faults.Tests;

/// <summary>
/// Where the checkout is: the folder above the test assembly that holds Chronology.sln. The processes the suite starts
/// are built there too, unless CHRONOLOGY_FAULTS_BUILD names another checkout (to measure an older commit the same way).
/// </summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string Built(string project) => Path.Combine(
        Environment.GetEnvironmentVariable("CHRONOLOGY_FAULTS_BUILD") ?? Root, "src", project, "bin", "Release", "net10.0", project + ".dll");

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Chronology.sln"))) return folder.FullName;
        throw new InvalidOperationException("Chronology.sln not found above " + AppContext.BaseDirectory);
    }
}
