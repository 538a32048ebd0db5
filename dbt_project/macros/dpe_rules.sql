{#- The « passoire » rule, written once for every fact that carries a DPE label: a dwelling
    or building labelled F or G (energy class) is a passoire thermique (CUS PP-2, loi Climat et
    Résilience). A renovation takes it out of F/G when its label after works is A to E. Both
    return false, never null, when a label is unknown. -#}
{% macro is_passoire(dpe_class) -%}
    coalesce({{ dpe_class }} in ('F', 'G'), false)
{%- endmacro %}

{% macro is_out_of_passoire(dpe_before, dpe_after) -%}
    coalesce({{ dpe_before }} in ('F', 'G') and {{ dpe_after }} in ('A', 'B', 'C', 'D', 'E'), false)
{%- endmacro %}
