# The install layout: what `cmake --install BUILD --prefix P` puts where (README, "Install as a
# library"), and the same data folder in the build tree. Included by CMakeLists.txt after the
# targets are defined.
include(CMakePackageConfigHelpers)

set(GRIDTHEORY_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/gridtheory)
set(GRIDTHEORY_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/gridtheory)
set(GRIDTHEORY_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/gridtheory)

# Public headers: all of theory/ and numerics/, and src/ but for the command line's internals
# (src/cli, src/mpi) and the headers private to one unit's files (*_detail.hpp), under include/gridtheory with their source-tree paths, so the includes
# between them ("theory/x.hpp", "src/io/npy.hpp") resolve; with the generated src/version.hpp.
install(DIRECTORY theory numerics DESTINATION ${GRIDTHEORY_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY src DESTINATION ${GRIDTHEORY_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp" PATTERN "cli" EXCLUDE PATTERN "mpi" EXCLUDE
        PATTERN "*_detail.hpp" EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/generated/src/version.hpp
        DESTINATION ${GRIDTHEORY_INSTALL_INCLUDEDIR}/src)

# A -march given in CMAKE_CXX_FLAGS is the libraries' too: code using them compiles with it
# (GRIDTHEORY_NATIVE's -march=native is in gridtheory_flags already).
if(NOT GRIDTHEORY_NATIVE AND GRIDTHEORY_USER_MARCH)
  target_compile_options(gridtheory_flags INTERFACE "$<INSTALL_INTERFACE:${GRIDTHEORY_USER_MARCH}>")
endif()

# The static libraries and the umbrella target, exported as gridtheory::flags, ::theory,
# ::numerics, ::app and ::gridtheory.
set_target_properties(gridtheory_flags PROPERTIES EXPORT_NAME flags)
set_target_properties(gridtheory_theory PROPERTIES EXPORT_NAME theory)
set_target_properties(gridtheory_numerics PROPERTIES EXPORT_NAME numerics)
set_target_properties(gridtheory_app PROPERTIES EXPORT_NAME app)
install(TARGETS gridtheory_flags gridtheory_theory gridtheory_numerics gridtheory_app
                gridtheory_library
        EXPORT gridtheoryTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT gridtheoryTargets NAMESPACE gridtheory:: DESTINATION ${GRIDTHEORY_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/gridtheoryConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/gridtheoryConfig.cmake
                              INSTALL_DESTINATION ${GRIDTHEORY_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gridtheoryConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/gridtheoryConfig.cmake
              ${PROJECT_BINARY_DIR}/gridtheoryConfigVersion.cmake
        DESTINATION ${GRIDTHEORY_INSTALL_CMAKEDIR})

# The command line.
install(TARGETS gridtheory RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(GRIDTHEORY_MPI)
  install(TARGETS gridtheory-mpi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Data read at run time (the sweep specs; `gridtheory figures` runs sweeps/figures.toml), found
# relative to the running binary (src/io/shipped_data.cpp): installed in share/gridtheory, whose
# path from bin/ is compiled in, and copied to share/gridtheory beside the build tree's binaries
# (configure_file copies a file again when it changes).
install(DIRECTORY sweeps DESTINATION ${GRIDTHEORY_INSTALL_DATADIR} FILES_MATCHING PATTERN "*.toml")
file(RELATIVE_PATH GRIDTHEORY_DATA_FROM_BINDIR ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/gridtheory)
set_property(SOURCE src/io/shipped_data.cpp APPEND PROPERTY COMPILE_DEFINITIONS
             GRIDTHEORY_DATA_FROM_BINDIR="${GRIDTHEORY_DATA_FROM_BINDIR}")
file(GLOB GRIDTHEORY_SHIPPED_SWEEPS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/sweeps/*.toml)
foreach(spec ${GRIDTHEORY_SHIPPED_SWEEPS})
  get_filename_component(spec_name ${spec} NAME)
  configure_file(${spec} ${PROJECT_BINARY_DIR}/share/gridtheory/sweeps/${spec_name} COPYONLY)
endforeach()
