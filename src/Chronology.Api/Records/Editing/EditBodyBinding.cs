using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronology.Api.Problems;
using Chronology.Domain;
using Chronology.Domain.Records;
using Chronology.Domain.Records.Editing;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Chronology.Api.Records.Editing;

/// <summary>
/// Binds every command endpoint's typed body (an <see cref="EditBody"/> or an <see cref="EditBatchBody"/>) with our strict
/// reading instead of Wolverine's JSON binding, whose 400s say only "invalid JSON": 413 past the size limit, 415 for
/// another media type, 400 naming the field for malformed JSON, a member named twice, text PostgreSQL cannot store or a
/// member of the wrong type. The endpoint still declares its body type, so the OpenAPI document describes it.
/// </summary>
public sealed class EditBodyBinding : IParameterStrategy
{
    private static readonly PropertyInfo RequestTypeSetter = typeof(HttpChain).GetProperty(nameof(HttpChain.RequestType))!;

    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        variable = null;
        var type = parameter.ParameterType;
        if (!type.IsAssignableTo(typeof(EditBody)) && type != typeof(EditBatchBody)) return false;

        var mediaType = parameter.Member.GetCustomAttribute<MergePatchAttribute>() is null ? RequestBody.JsonType : RequestBody.MergePatchType;
        // A removal's body only carries an optional comment.
        var optional = chain.HttpMethods.Contains("DELETE");
        variable = new ReadEditBody(parameter, mediaType, optional).Body;
        // The endpoint's request type is what Wolverine describes as its body in OpenAPI; Wolverine 6.62 sets it only from its
        // own JSON binding (the setter is internal), which this strategy replaces.
        RequestTypeSetter.SetValue(chain, type);
        // Wolverine then declares the body as application/json only, and routing would answer any other media type with a
        // bare 415 before this binding could answer it with a problem naming the media type the endpoint takes.
        chain.Metadata.Finally(endpoint =>
        {
            foreach (var accepts in endpoint.Metadata.OfType<IAcceptsMetadata>().ToList()) endpoint.Metadata.Remove(accepts);
        });
        return true;
    }

    /// <summary>Reads the request's body as <typeparamref name="T"/>, or the problem that answers it.</summary>
    public static async Task<(T? Body, JsonHttpResult<ProblemDetails>? Problem)> Read<T>(HttpContext http, string mediaType, bool optional)
        where T : class
    {
        var (body, problem) = await RequestBody.Read(http, mediaType, optional);
        if (problem is not null) return (null, problem);
        if (CommandCatalogue.NameOf(typeof(T)) is { } name && body!.Json is not JsonObject)
            return (null, ProblemAnswers.From(DomainError.Invalid("body", $"The body of '{name}' must be a JSON object.")));
        try
        {
            return (body!.Json.Deserialize<T>(ChronologyJson.Options) ?? throw new JsonException("The body is empty."), null);
        }
        catch (JsonException e)
        {
            return (null, ProblemAnswers.From(CommandCatalogue.JsonError(e)));
        }
    }

    /// <summary>The generated code: <c>var (body, problem) = await Read&lt;T&gt;(…); if (problem != null) { answer it; return; }</c>.</summary>
    private sealed class ReadEditBody : AsyncFrame
    {
        private readonly string mediaType;
        private readonly bool optional;
        private Variable? http;

        public ReadEditBody(ParameterInfo parameter, string mediaType, bool optional)
        {
            (this.mediaType, this.optional) = (mediaType, optional);
            Body = new Variable(parameter.ParameterType, parameter.Name!, this);
        }

        public Variable Body { get; }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            http = chain.FindVariable(typeof(HttpContext));
            yield return http;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            var problem = $"{Body.Usage}Problem";
            writer.Write(
                $"var ({Body.Usage}, {problem}) = await {typeof(EditBodyBinding).FullNameInCode()}.{nameof(Read)}<{Body.VariableType.FullNameInCode()}>(" +
                $"{http!.Usage}, \"{mediaType}\", {(optional ? "true" : "false")});");
            writer.Write($"BLOCK:if ({problem} != null)");
            writer.Write($"await {problem}.ExecuteAsync({http.Usage});");
            writer.Write("return;");
            writer.FinishBlock();
            Next?.GenerateCode(method, writer);
        }
    }
}
