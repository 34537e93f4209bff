namespace ActorMailProxy.Gateway.Tests.Architecture;

/// <summary>DESIGN.md: inside each project no folder imports another in a circle and namespaces match folders; projects reference what the table allows.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void No_folder_imports_another_in_a_circle() =>
        Expect.None(ArchitectureChecker.FolderCycles(OurAssemblies.Graph), "folders importing each other in a circle");

    [Fact]
    public void Namespaces_match_folders_in_src() =>
        Expect.None(
            DesignTable.Projects.SelectMany(p => NamespaceFolders.Mismatches(SourceTree.Root, p.Directory, p.RootNamespace)),
            "namespaces that are not the project's root namespace plus the folder path");

    [Fact]
    public void Namespaces_match_folders_in_tests_and_bench() =>
        Expect.None(
            DesignTable.TestProjects.SelectMany(p => NamespaceFolders.Mismatches(SourceTree.Root, p.Directory, p.RootNamespace)),
            "namespaces that are not the project's root namespace plus the folder path");

    [Fact]
    public void Projects_reference_only_what_the_design_table_allows() =>
        Expect.None(ArchitectureChecker.ProjectReferences(OurAssemblies.Graph, DesignTable.Projects), "references DESIGN's table does not allow");

    [Fact]
    public void Options_imports_neither_hosting_nor_operator() =>
        Expect.None(ArchitectureChecker.ForbiddenImports(OurAssemblies.Graph, DesignTable.ForbiddenImports), "forbidden folder imports");
}
