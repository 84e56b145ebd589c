# Embeds every kernels/*.cl into the binary at build time, so an installed tool needs no
# source tree. The generated file defines hs::embedded_kernels(): name -> OpenCL C source.
set(HS_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_kernels.cmake)

function(hs_embed_kernels out_var)
  file(GLOB kernel_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/kernels/*.cl)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_kernels.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${kernel_files}" -P ${HS_EMBED_SCRIPT}
    DEPENDS ${kernel_files} ${HS_EMBED_SCRIPT}
    COMMENT "Embedding OpenCL kernels"
    VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
