namespace Chronology.Api.Tests.Deploy;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds deploy/.</summary>
public static class Checkout
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (Directory.Exists(Path.Combine(folder.FullName, "deploy"))) return folder.FullName;
        throw new InvalidOperationException("deploy/ not found above " + AppContext.BaseDirectory);
    }
}
