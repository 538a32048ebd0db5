{#- The grain of a model, declared once in its YAML (`config: meta: grain: [columns]`): one
    row per combination of these columns. The uniqueness test (unique_grain), the GX suites of
    the KPI marts (expectations/grain.py) and the dashboards' filter test read it from there.
    `relation` is the tested relation (what a generic test receives as `model`); its node is
    found in the graph by database, schema and alias. Fails at compile time, naming the model,
    when the model declares no grain or names a column it does not document. -#}
{% macro model_grain(relation) -%}
    {%- if relation is string -%}
        {{ exceptions.raise_compiler_error(
            "unique_grain: the tested model is a subquery (" ~ relation ~ "); the grain test "
            ~ "takes no `where` config") }}
    {%- endif -%}
    {%- set found = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type in ('model', 'snapshot', 'seed')
            and node.alias | lower == relation.identifier | lower
            and node.schema | lower == relation.schema | lower
            and node.database | lower == relation.database | lower -%}
            {%- do found.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if found | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "unique_grain: no single dbt node builds " ~ relation ~ " (" ~ found | length
            ~ " found)") }}
    {%- endif -%}
    {%- set node = found[0] -%}
    {%- set grain = node.config.meta.get('grain') or node.meta.get('grain') -%}
    {%- if grain is none or grain is string or grain | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "unique_grain on " ~ node.name ~ ": the model declares no grain; add "
            ~ "`config: meta: grain: [column, ...]` (the columns of one row) to "
            ~ node.original_file_path | replace('.sql', '.yml')) }}
    {%- endif -%}
    {%- set undocumented = [] -%}
    {%- for column in grain -%}
        {%- if node.columns and column not in node.columns -%}
            {%- do undocumented.append(column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if undocumented -%}
        {{ exceptions.raise_compiler_error(
            "unique_grain on " ~ node.name ~ ": its meta.grain names " ~ undocumented | join(', ')
            ~ ", not columns of the model's YAML") }}
    {%- endif -%}
    {{ return(grain) }}
{%- endmacro %}
